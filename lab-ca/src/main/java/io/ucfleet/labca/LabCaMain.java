package io.ucfleet.labca;

import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.ucfleet.platform.database.EmbeddedDatabase;

/** lab-ca keeps its own database: a configured PostgreSQL server, or embedded under its data directory. */
@QuarkusMain
public class LabCaMain {
    public static void main(String... args) {
        Path dataDir = ConfigProvider.getConfig().getOptionalValue("ucfleet.lab-ca.data-dir", Path.class)
                .orElse(Path.of("data"));
        EmbeddedDatabase.startUnlessConfigured(dataDir.resolve("postgres"));
        // the HTTPS listener's certificate: the deployment's, else a self-signed one made now
        io.ucfleet.platform.tls.ServiceCertificates.ensureConfigured("lab-ca");
        Quarkus.run(args);
    }
}
