package io.ucfleet.node.crl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * Downloads a distribution point's CRL file over HTTP(S), bounded: connect and read timeouts
 * and a size limit. "If HTTPS is used, the distribution point server itself must have a valid
 * certificate" (seed 004): valid here means it chains to the node's trusted CA list.
 * Failures are returned as text, for the page to show; nothing here throws for a bad server.
 */
final class CrlFetcher {
    /** What a download returned: the bytes, or why there are none. */
    record Download(byte[] body, String failure) {
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxBytes;
    private final HttpClient client;

    CrlFetcher(Duration connectTimeout, Duration readTimeout, int maxBytes, List<X509CertificateHolder> trustedCas) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(trustedCas)).build();
    }

    Download fetch(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout).header("User-Agent", "ucfleet-expressway-crl")
                .GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return new Download(null, "HTTP " + response.statusCode() + " from the distribution point");
                }
                byte[] body = in.readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    return new Download(null, "the file is larger than " + maxBytes + " bytes");
                }
                return new Download(body, null);
            }
        } catch (java.net.http.HttpTimeoutException e) {
            return new Download(null, "no answer within " + readTimeout.toSeconds() + " s (connect timeout "
                    + connectTimeout.toSeconds() + " s)");
        } catch (javax.net.ssl.SSLException e) {
            return new Download(null, "TLS failed: the server's certificate is not valid for the trusted CA list ("
                    + shortMessage(e) + ")");
        } catch (IOException e) {
            return new Download(null, "cannot connect: " + shortMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Download(null, "interrupted");
        }
    }

    private static String shortMessage(Exception e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    static SSLContext sslContext(List<X509CertificateHolder> trustedCas) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            int i = 0;
            for (X509CertificateHolder holder : trustedCas) {
                X509Certificate certificate = converter.getCertificate(holder);
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK's TLS cannot be set up", e);
        }
    }

}
