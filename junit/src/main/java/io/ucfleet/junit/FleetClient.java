package io.ucfleet.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A small HTTP client for one fleet process: Basic auth as an account of the fleet (or none),
 * over HTTP or HTTPS, answering {@link FleetResponse}s. Immutable: {@link #readOnly()},
 * {@link #anonymous()}, {@link #timeout(Duration)} return new clients.
 *
 * <p>Over HTTPS to a node it trusts any certificate and checks no host name: a node presents its own
 * self-signed tomcat certificate for its FQDN, and tests call it on 127.0.0.1. To cluster-sync,
 * ctl-service and lab-ca it verifies the certificate by the fleet's services CA, host name
 * included ({@link Fleet#servicesCa()}, platform's {@code ServicesTrust}). Judge what the
 * node presents with {@link FleetResponse#tlsCertificates()} (or {@code openssl s_client}).
 *
 * <p>A request without an answer (connection refused, a paused process past the timeout)
 * throws {@link UncheckedIOException}; its cause is the JDK's exception, e.g.
 * {@link HttpTimeoutException}.
 */
public final class FleetClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private static final HttpClient HTTPS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).sslContext(trustAll()).build();

    private final String baseUrl;
    private final Fleet.Account account;
    private final Fleet.Account readOnlyAccount;
    private final Duration timeout;
    /** The client for https URLs: trusting any certificate (a node's), or verifying by the fleet's services CA. */
    private final HttpClient https;

    FleetClient(String baseUrl, Fleet.Account account, Fleet.Account readOnlyAccount, Duration timeout) {
        this(baseUrl, account, readOnlyAccount, timeout, HTTPS);
    }

    FleetClient(String baseUrl, Fleet.Account account, Fleet.Account readOnlyAccount, Duration timeout, HttpClient https) {
        this.https = https;
        this.baseUrl = baseUrl;
        this.account = account;
        this.readOnlyAccount = readOnlyAccount;
        this.timeout = timeout;
    }

    /** An https client verifying by the services CA in {@code ca} (PEM), host names checked. */
    static HttpClient verifying(java.nio.file.Path ca) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .sslContext(io.ucfleet.platform.tls.ServicesTrust.verifying(ca)).build();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:18080}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The same client as the fleet's read-only user ({@code monitor}). */
    public FleetClient readOnly() {
        return new FleetClient(baseUrl, readOnlyAccount, readOnlyAccount, timeout, https);
    }

    /** The same client without credentials. */
    public FleetClient anonymous() {
        return new FleetClient(baseUrl, null, readOnlyAccount, timeout, https);
    }

    /** The same client as another account. */
    public FleetClient as(String user, String secret) {
        return new FleetClient(baseUrl, new Fleet.Account(user, secret), readOnlyAccount, timeout, https);
    }

    /** The same client with another request timeout (default 30 s). */
    public FleetClient timeout(Duration requestTimeout) {
        return new FleetClient(baseUrl, account, readOnlyAccount, requestTimeout, https);
    }

    public FleetResponse get(String path) {
        return send("GET", path, null, null);
    }

    public FleetResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** POST of JSON ({@code application/json}). */
    public FleetResponse post(String path, String json) {
        return post(path, json, "application/json");
    }

    public FleetResponse post(String path, String body, String contentType) {
        return send("POST", path, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public FleetResponse post(String path, byte[] body, String contentType) {
        return send("POST", path, body, contentType);
    }

    /** PUT of JSON ({@code application/json}). */
    public FleetResponse put(String path, String json) {
        return put(path, json, "application/json");
    }

    public FleetResponse put(String path, String body, String contentType) {
        return send("PUT", path, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public FleetResponse put(String path, byte[] body, String contentType) {
        return send("PUT", path, body, contentType);
    }

    /** Any method; {@code body} null sends none. {@code path} starts with {@code /} and may carry a query. */
    public FleetResponse send(String method, String path, byte[] body, String contentType) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (account != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((account.username() + ":" + account.password()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = uri.getScheme().equals("https") ? https : HTTP;
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new FleetResponse(method, uri.toString(), response.statusCode(), response.headers(), response.body(),
                    peerCertificates(response));
        } catch (HttpTimeoutException e) {
            throw new UncheckedIOException(method + " " + uri + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + uri, e);
        }
    }

    private static List<X509Certificate> peerCertificates(HttpResponse<?> response) {
        return response.sslSession().map(session -> {
            try {
                Certificate[] chain = session.getPeerCertificates();
                return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
            } catch (SSLPeerUnverifiedException e) {
                return List.<X509Certificate>of();
            }
        }).orElse(List.of());
    }

    /**
     * An extended trust manager that accepts every chain: being "extended", the JDK leaves the
     * host name check to it (a plain X509TrustManager would get the JDK's check of 127.0.0.1
     * against the node's FQDN).
     */
    private static SSLContext trustAll() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return baseUrl + (account == null ? " (anonymous)" : " as " + account.username());
    }
}
