package io.ucfleet.sync;

import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.fleet.database.TestDatabase;

/** Real PostgreSQL and a self-signed HTTPS certificate for cluster-sync's one Quarkus test boot. */
public class SyncTestDatabase implements QuarkusTestResourceLifecycleManager {
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        java.nio.file.Path dir;
        try {
            dir = Files.createTempDirectory("ucfleet-sync-test");
            database = TestDatabase.start(dir.resolve("postgres"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(database.config());
        // the HTTPS listener's certificate, self-signed as when cluster-sync runs alone
        config.putAll(io.ucfleet.platform.tls.ServiceCertificates.selfSignedConfig(dir.resolve("tls"), "cluster-sync"));
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
