package io.ucfleet.ctl;

import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.ucfleet.platform.database.EmbeddedDatabase;

/** ctl-service keeps its own database: a configured PostgreSQL server, or embedded under its data directory. */
@QuarkusMain
public class CtlMain {
    public static void main(String... args) {
        Path dataDir = ConfigProvider.getConfig().getOptionalValue("ucfleet.ctl.data-dir", Path.class)
                .orElse(Path.of("data"));
        EmbeddedDatabase.startUnlessConfigured(dataDir.resolve("postgres"));
        // the HTTPS listener's certificate: the deployment's, else a self-signed one made now
        io.ucfleet.platform.tls.ServiceCertificates.ensureConfigured("ctl-service");
        Quarkus.run(args);
    }
}
