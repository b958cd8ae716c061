package io.ucfleet.labca.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.fleet.database.TestDatabase;
import io.ucfleet.fleet.process.ServiceProcess;

/**
 * The one Quarkus boot of lab-ca's tests: real PostgreSQL ({@code TestDatabase}) and a port
 * claimed as the launcher claims ports, known before the boot so the CDP and AIA URLs in the
 * certificates point at it.
 */
public class LabCaTestEnvironment implements QuarkusTestResourceLifecycleManager {
    public static int port;
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("ucfleet-labca-test");
            database = TestDatabase.start(dir.resolve("postgres"));
            port = ServiceProcess.freePort();
            Map<String, String> config = new HashMap<>(database.config());
            config.put("quarkus.http.test-port", String.valueOf(port));
            config.put("quarkus.http.test-host", "127.0.0.1");
            // the HTTPS listener's certificate, self-signed as when lab-ca runs alone
            config.putAll(io.ucfleet.platform.tls.ServiceCertificates.selfSignedConfig(dir.resolve("tls"), "lab-ca"));
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
}
