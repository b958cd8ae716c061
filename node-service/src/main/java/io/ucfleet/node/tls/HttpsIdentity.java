package io.ucfleet.node.tls;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.serviceability.Serviceability.ServiceRestarted;

/**
 * What the node's HTTPS port presents: the web identity (tomcat; Expressway's server
 * certificate) as it was when Cisco Tomcat last started. A regenerated or newly installed
 * certificate is therefore presented only after Cisco Tomcat is restarted through the API,
 * which swaps the listener's certificate without restarting the process.
 */
@ApplicationScoped
public class HttpsIdentity {
    private static final Logger LOG = Logger.getLogger(HttpsIdentity.class);
    /** The named TLS configuration of {@code quarkus.http.tls-configuration-name}. */
    public static final String TLS_CONFIGURATION = "https";

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    TlsConfigurationRegistry registry;
    @Inject
    Event<CertificateUpdatedEvent> updated;

    private final AtomicReference<String> servedSha256 = new AtomicReference<>();

    /** SHA-256 of the certificate the HTTPS port presents now; null until the first publish. */
    public String servedSha256() {
        return servedSha256.get();
    }

    void onRestart(@Observes ServiceRestarted restarted) {
        if (restarted.service() == node.role().webService) {
            publish();
        }
    }

    /**
     * Writes the current web identity to the listener's files and reloads it. Must run on a
     * worker thread: the update event's listener blocks until the server has the new options.
     */
    public synchronized void publish() {
        IdentityProfile web = node.role().webIdentity;
        record Current(byte[] der, String sha256, SigningKey key, java.util.List<byte[]> intermediates) {
        }
        Current current = QuarkusTransaction.requiringNew().call(() -> {
            CertificateEntry entry = identities.current(web);
            return new Current(entry.der, entry.sha256, identities.signingKey(web), PresentedChain.intermediates(entry,
                    web.trustStore().orElse(node.role().trustStores.get(0))));
        });
        Path dataDir = config.dataDir();
        TlsFiles.write(dataDir, current.key(), current.der(), current.intermediates(), config.keyEncryptionKey());
        TlsConfiguration tls = registry.get(TLS_CONFIGURATION).orElseThrow(() -> new IllegalStateException(
                "TLS configuration '" + TLS_CONFIGURATION + "' is not configured"));
        if (!tls.reload()) {
            throw new IllegalStateException("the HTTPS listener refused the new " + web.unit + " certificate");
        }
        updated.fire(new CertificateUpdatedEvent(TLS_CONFIGURATION, tls));
        servedSha256.set(current.sha256());
        LOG.infof("HTTPS now presents %s %s", web.unit, current.sha256());
    }
}
