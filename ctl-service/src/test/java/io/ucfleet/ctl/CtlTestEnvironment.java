package io.ucfleet.ctl;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.fleet.database.TestDatabase;

/**
 * The one Quarkus boot of ctl-service's tests: real PostgreSQL (TestDatabase), free TFTP and
 * TFTP-HTTP ports, and a cluster member list pointing at a port nobody listens on.
 */
public class CtlTestEnvironment implements QuarkusTestResourceLifecycleManager {
    public static int tftpPort;
    public static int tftpHttpPort;
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("ucfleet-ctl-test");
            database = TestDatabase.start(dir.resolve("postgres"));
            tftpPort = freeUdpPort();
            tftpHttpPort = freeTcpPort();
            Map<String, String> config = new HashMap<>(database.config());
            config.put("ucfleet.ctl.tftp-port", String.valueOf(tftpPort));
            config.put("ucfleet.ctl.tftp-http-port", String.valueOf(tftpHttpPort));
            config.put("ucfleet.cluster.members", "http://127.0.0.1:" + freeTcpPort());
            config.put("ucfleet.cluster.username", "cluster");
            config.put("ucfleet.cluster.password", "cluster-password");
            // the HTTPS listener's certificate, self-signed as when ctl-service runs alone
            config.putAll(io.ucfleet.platform.tls.ServiceCertificates.selfSignedConfig(dir.resolve("tls"), "ctl-service"));
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
