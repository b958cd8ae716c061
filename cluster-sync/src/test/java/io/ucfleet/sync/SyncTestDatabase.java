package io.ucfleet.sync;

import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.ucfleet.fleet.database.TestDatabase;

/** Real PostgreSQL for cluster-sync's one Quarkus test boot. */
public class SyncTestDatabase implements QuarkusTestResourceLifecycleManager {
    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            database = TestDatabase.start(Files.createTempDirectory("ucfleet-sync-test").resolve("postgres"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return database.config();
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
