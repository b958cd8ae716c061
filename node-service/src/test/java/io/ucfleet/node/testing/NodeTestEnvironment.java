package io.ucfleet.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.node.tls.TlsFiles;
import io.ucfleet.fleet.database.TestDatabase;

/**
 * Real PostgreSQL for the tests ({@link TestDatabase}: a server named by
 * {@code UCFLEET_TEST_JDBC_URL}, or embedded), a fresh data directory and a random
 * key-encryption key per run.
 */
public class NodeTestEnvironment implements QuarkusTestResourceLifecycleManager {
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path dataDir = Files.createTempDirectory("ucfleet-node-test");
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            String kekText = Base64.getEncoder().encodeToString(kek);
            TlsFiles.ensurePlaceholder(dataDir, kekText, java.time.Clock.systemUTC());

            database = TestDatabase.start(dataDir.resolve("postgres"));
            Map<String, String> config = new HashMap<>(database.config());
            config.put("ucfleet.node.data-dir", dataDir.toString());
            config.put("ucfleet.node.key-encryption-key", kekText);
            // The expiry monitor's SMTP server: CertificateMonitorTest runs a real one (GreenMail) on this port.
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", String.valueOf(io.ucfleet.fleet.process.ServiceProcess.freePort()));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the node test environment", e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
