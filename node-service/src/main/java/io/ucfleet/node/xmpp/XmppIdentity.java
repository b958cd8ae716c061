package io.ucfleet.node.xmpp;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeConfig;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.securitysettings.SecuritySettings;
import io.ucfleet.node.serviceability.Serviceability.ServiceRestarted;
import io.ucfleet.node.tls.PresentedChain;
import io.vertx.core.Vertx;

/**
 * What an IM and Presence node's XMPP ports present: cup-xmpp to clients (5222), cup-xmpp-s2s to
 * federated servers (5269), each as it was when Cisco XCP Router (or, for server-to-server, the
 * federation connection manager) last started: a regenerated or uploaded certificate is presented
 * after that restart, as tomcat is after Cisco Tomcat's.
 */
@ApplicationScoped
public class XmppIdentity {
    private static final Logger LOG = Logger.getLogger(XmppIdentity.class);

    @Inject
    Node node;
    @Inject
    NodeConfig config;
    @Inject
    Identities identities;
    @Inject
    Vertx vertx;
    @Inject
    SecuritySettings settings;

    private final Map<XmppPort, XmppListener> listeners = new EnumMap<>(XmppPort.class);
    private final Map<XmppPort, Served> served = new EnumMap<>(XmppPort.class);

    /** One port as it is now. */
    public record Served(String description, int port, String unit, String sha256) {
    }

    /** The XMPP domain and both ports; empty on nodes that serve no XMPP. */
    public record Status(String domain, List<Served> ports) {
    }

    public boolean serves() {
        return config.xmpp().enabled() && node.role().services.contains(CiscoService.XCP_ROUTER);
    }

    /** The XMPP domain clients name in their stream header. */
    public String domain() {
        return settings.xmppDomain();
    }

    public synchronized Optional<Status> status() {
        if (!serves() || served.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Status(domain(), List.copyOf(served.values())));
    }

    /** At boot (every service starts) and after a restart: bind the ports or swap what they present. */
    public synchronized void publish() {
        publish(List.of(XmppPort.values()));
    }

    /** A management reset or snapshot restore starts every service again: present what the database now holds. */
    void onReset(@Observes io.ucfleet.node.config.NodeWasReset reset) {
        publish();
    }

    void onRestart(@Observes ServiceRestarted restarted) {
        if (serves()) {
            publish(java.util.Arrays.stream(XmppPort.values()).filter(p -> p.reloadedBy.contains(restarted.service())).toList());
        }
    }

    private synchronized void publish(List<XmppPort> ports) {
        if (!serves()) {
            return;
        }
        for (XmppPort port : ports) {
            record Current(String sha256, javax.net.ssl.X509KeyManager keyManager) {
            }
            Current current = QuarkusTransaction.requiringNew().call(() -> {
                CertificateEntry entry = identities.current(port.presents);
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(x509(entry.der));
                for (byte[] der : PresentedChain.intermediates(entry, port.presents.trustStore().orElseThrow())) {
                    chain.add(x509(der));
                }
                return new Current(entry.sha256, identities.signingKey(port.presents).keyManager(chain));
            });
            try {
                XmppListener listener = listeners.get(port);
                int bound;
                if (listener == null) {
                    listener = new XmppListener(vertx, port, domain(), current.keyManager(), config.xmpp().negotiationTimeout(),
                            config.xmpp().idleTimeout(), config.xmpp().maxConnections());
                    int wanted = port == XmppPort.CLIENT_TO_SERVER ? config.xmpp().port() : config.xmpp().serverPort();
                    bound = listener.listen(config.xmpp().host(), wanted);
                    listeners.put(port, listener);
                } else {
                    listener.present(current.keyManager());
                    bound = served.get(port).port();
                }
                served.put(port, new Served(port.description, bound, port.presents.unit, current.sha256()));
                LOG.infof("XMPP %s port %d now presents %s %s", port.description, bound, port.presents.unit, current.sha256());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the XMPP " + port.description + " port", e);
            } catch (Exception e) {
                throw new IllegalStateException("the XMPP " + port.description + " port cannot present " + port.presents.unit
                        + ": " + e.getMessage(), e);
            }
        }
    }

    @PreDestroy
    synchronized void close() {
        for (XmppListener listener : listeners.values()) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.debugf("closing an XMPP listener: %s", e.getMessage());
            }
        }
        listeners.clear();
    }

    private static X509Certificate x509(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored certificate does not decode", e);
        }
    }
}
