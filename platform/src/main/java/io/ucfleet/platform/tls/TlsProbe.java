package io.ucfleet.platform.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A real TLS handshake with the JDK's SSLSocket, as a client starts one: TCP connect, the
 * STARTTLS preamble for XMPP, SNI for the name the user typed (never for an IP literal, RFC 6066
 * §3), and a trust manager that accepts every chain and records it, so the chain is judged by the
 * caller's rules afterwards (lab-ca's client verdicts, the IM and Presence Certificate Import
 * Tool), not by the JDK's. Connect and handshake have hard limits: the socket's
 * read timeout, and a watchdog that closes the socket at the end whatever is going on (a server
 * that trickles bytes defeats a read timeout, not a close).
 */
public final class TlsProbe {
    private TlsProbe() {
    }

    /** What the server presented. */
    public record Presented(List<X509Certificate> chain, String tlsVersion, String cipherSuite, boolean startTls,
            long connectMillis, long handshakeMillis) {
    }

    /** No chain: the client could not get as far as a certificate. */
    public static final class Failed extends Exception {
        public final ProbeFailure kind;

        Failed(ProbeFailure kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /**
     * @param startTls the XMPP stream to negotiate STARTTLS on first; null for TLS from the first byte
     * @param sniName  the name to send as SNI; an IP literal or null sends none
     * @param watchdog closes the socket when the handshake limit is reached
     */
    public static Presented probe(String host, int port, XmppStartTls.Stream startTls, String sniName,
            Duration connectTimeout, Duration handshakeTimeout, Deadline deadline, ScheduledExecutorService watchdog)
            throws Failed {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Failed(ProbeFailure.UNKNOWN_HOST, "\"" + host + "\" does not resolve");
        }
        String where = host + ":" + port;
        long t0 = System.nanoTime();
        Socket socket = new Socket();
        Duration connectLimit = deadline.atMost(connectTimeout);
        try (socket) {
            try {
                socket.connect(new InetSocketAddress(address, port), Deadline.millis(connectLimit));
            } catch (SocketTimeoutException e) {
                throw new Failed(ProbeFailure.CONNECT_TIMEOUT, where + " did not accept a TCP connection within "
                        + connectLimit.toMillis() + " ms");
            } catch (ConnectException e) {
                throw new Failed(ProbeFailure.CONNECTION_REFUSED, where + " refused the TCP connection (nothing listens)");
            } catch (NoRouteToHostException e) {
                throw new Failed(ProbeFailure.CONNECT_TIMEOUT, where + " is unreachable (no route to host)");
            }
            long connected = System.nanoTime();
            Duration handshakeLimit = deadline.atMost(handshakeTimeout);
            AtomicReference<X509Certificate[]> captured = new AtomicReference<>();
            try (AutoCloseable watch = Deadline.closeAfter(watchdog, handshakeLimit, socket)) {
                socket.setSoTimeout(Deadline.millis(handshakeLimit));
                socket.setTcpNoDelay(true);
                if (startTls != null) {
                    XmppStartTls.negotiate(socket, startTls);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] { new Capturing(captured) }, null);
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
                if (HostName.dnsName(sniName)) {
                    parameters.setServerNames(List.of(new SNIHostName(sniName)));
                } else {
                    parameters.setServerNames(List.of());
                }
                ssl.setSSLParameters(parameters);
                try (ssl) {
                    ssl.startHandshake();
                    long done = System.nanoTime();
                    return new Presented(List.of(captured.get()), ssl.getSession().getProtocol(),
                            ssl.getSession().getCipherSuite(), startTls != null, (connected - t0) / 1_000_000,
                            (done - connected) / 1_000_000);
                }
            } catch (XmppStartTls.Refused e) {
                throw timedOutOr(handshakeLimit, connected, where, ProbeFailure.STARTTLS_FAILED, where + ": " + e.getMessage());
            } catch (SocketTimeoutException e) {
                throw stalled(handshakeLimit, where);
            } catch (SSLException e) {
                if (captured.get() != null) {
                    // the server presented its chain and the handshake failed later (a client certificate asked
                    // for, ...): the chain is what the client judges
                    long done = System.nanoTime();
                    return new Presented(List.of(captured.get()), "?", "?", startTls != null, (connected - t0) / 1_000_000,
                            (done - connected) / 1_000_000);
                }
                if (e.getCause() instanceof SocketTimeoutException) {
                    throw stalled(handshakeLimit, where);
                }
                String message = String.valueOf(e.getMessage());
                if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")) {
                    throw new Failed(ProbeFailure.NOT_TLS, where + " answered the ClientHello with something that is not TLS");
                }
                throw timedOutOr(handshakeLimit, connected, where, ProbeFailure.HANDSHAKE_FAILED, where
                        + " ended the TLS handshake without a certificate (" + message + ")");
            } catch (EOFException | SocketException e) {
                throw timedOutOr(handshakeLimit, connected, where, ProbeFailure.HANDSHAKE_FAILED, where
                        + " closed the connection during the " + (startTls != null ? "STARTTLS preamble or " : "")
                        + "handshake");
            } catch (Exception e) { // SSLContext (GeneralSecurityException), the watchdog's close
                throw timedOutOr(handshakeLimit, connected, where, ProbeFailure.HANDSHAKE_FAILED, where
                        + ": the handshake failed (" + e.getClass().getSimpleName() + ")");
            }
        } catch (IOException e) {
            throw new Failed(ProbeFailure.HANDSHAKE_FAILED, where + ": " + e.getMessage());
        }
    }

    private static Failed stalled(Duration limit, String where) {
        return new Failed(ProbeFailure.HANDSHAKE_TIMEOUT, where + " accepted the connection but did not complete the"
                + " handshake within " + limit.toMillis() + " ms");
    }

    /** A failure at or after the limit is the watchdog's close: the server stalled. */
    private static Failed timedOutOr(Duration limit, long connected, String where, ProbeFailure kind, String message) {
        if (System.nanoTime() - connected >= limit.toNanos() - 5_000_000) {
            return stalled(limit, where);
        }
        return new Failed(kind, message);
    }

    /** Accepts any chain and keeps it: the judgement is the caller's, not the JDK's. */
    private static final class Capturing extends X509ExtendedTrustManager {
        private final AtomicReference<X509Certificate[]> chain;

        Capturing(AtomicReference<X509Certificate[]> chain) {
            this.chain = chain;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, Socket s) {
            chain.set(c.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine e) {
            chain.set(c.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) {
            chain.set(c.clone());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, Socket s) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine e) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a client does not check client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
