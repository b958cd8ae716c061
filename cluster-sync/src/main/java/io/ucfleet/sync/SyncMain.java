package io.ucfleet.sync;

import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.ucfleet.platform.database.EmbeddedDatabase;
import io.ucfleet.sync.config.SyncConfig;

/**
 * One jar, database chosen at run time: with {@code quarkus.datasource.jdbc.url} configured
 * cluster-sync keeps its cursors and pending work in that PostgreSQL server; without it, in
 * embedded PostgreSQL under {@code ucfleet.sync.data-dir}. Read here, before Quarkus maps the
 * configuration, hence not through {@link SyncConfig}.
 */
@QuarkusMain
public class SyncMain {
    public static void main(String... args) {
        Path dataDir = ConfigProvider.getConfig().getOptionalValue("ucfleet.sync.data-dir", Path.class)
                .orElse(Path.of(SyncConfig.DEFAULT_DATA_DIR));
        EmbeddedDatabase.startUnlessConfigured(dataDir.resolve("postgres"));
        // the HTTPS listener's certificate: the deployment's, else a self-signed one made now
        io.ucfleet.platform.tls.ServiceCertificates.ensureConfigured("cluster-sync");
        Quarkus.run(args);
    }
}
