package io.ucfleet.node.zone;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;

import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;

/**
 * A CA run with {@code openssl ca} alone, as seed 004's appendix 2 runs one: its index database
 * serves {@code openssl ocsp -port} and {@code openssl ca -gencrl}; leaves carry the AIA OCSP and
 * CDP URLs given.
 */
final class ZonePki {
    final Path dir;
    final OpensslCa ca;
    private final List<Process> processes = new ArrayList<>();

    ZonePki(String commonName) {
        dir = Openssl.tempDir();
        try {
            Files.createDirectories(dir.resolve("newcerts"));
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "1000\n");
            Files.writeString(dir.resolve("crlnumber"), "10\n");
            Files.writeString(dir.resolve("ca.cnf"), """
                    [ ca ]
                    default_ca = CA_default
                    [ CA_default ]
                    dir = %s
                    database = $dir/index.txt
                    new_certs_dir = $dir/newcerts
                    serial = $dir/serial
                    crlnumber = $dir/crlnumber
                    certificate = $dir/ca.pem
                    private_key = $dir/ca.key
                    default_md = sha256
                    default_days = 365
                    default_crl_days = 7
                    policy = policy_anything
                    unique_subject = no
                    [ policy_anything ]
                    commonName = supplied
                    organizationName = optional
                    """.formatted(dir));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.pem").toString(), "-days", "3650",
                "-sha256", "-subj", "/CN=" + commonName + "/O=ucfleet tests",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        ca = new OpensslCa(commonName, dir.resolve("ca.pem"), dir.resolve("ca.key"));
    }

    /** A leaf signed by {@code openssl ca}; {@code extensions} one per line (subjectAltName, keyUsage, ...). */
    OpensslCa leaf(String name, String cn, String extensions) {
        Path csr = dir.resolve(name + ".csr");
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.writeString(ext, "basicConstraints=CA:FALSE\n" + extensions);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + cn + "/O=ucfleet tests");
        Openssl.run("ca", "-batch", "-notext", "-config", dir.resolve("ca.cnf").toString(), "-in", csr.toString(), "-out",
                cert.toString(), "-extfile", ext.toString());
        return new OpensslCa(cn, cert, key);
    }

    void revoke(OpensslCa leaf) {
        Openssl.run("ca", "-config", dir.resolve("ca.cnf").toString(), "-revoke", leaf.certificate().toString(),
                "-crl_reason", "keyCompromise");
    }

    /** {@code openssl ca -gencrl}, valid for {@code hours} from now. */
    X509CRLHolder crl(int hours) {
        Path out = dir.resolve("crl-" + hours + ".pem");
        Openssl.run("ca", "-config", dir.resolve("ca.cnf").toString(), "-gencrl", "-crlhours", String.valueOf(hours), "-out",
                out.toString());
        try {
            String pem = Files.readString(out);
            String body = pem.substring(pem.indexOf('\n', pem.indexOf("-----BEGIN")) + 1, pem.indexOf("-----END"));
            return new X509CRLHolder(java.util.Base64.getMimeDecoder().decode(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code openssl ocsp -port}: the CA answers for the certificates of its index, signing with its own key. */
    void ocspResponder(int port) throws Exception {
        Process p = new ProcessBuilder("openssl", "ocsp", "-index", dir.resolve("index.txt").toString(), "-port",
                String.valueOf(port), "-rsigner", ca.certificate().toString(), "-rkey", ca.key().toString(), "-CA",
                ca.certificate().toString(), "-nmin", "60").redirectErrorStream(true).start();
        processes.add(p);
        // not a TCP probe: openssl ocsp 3.0 stalls for good on a connection closed without a request
        java.util.concurrent.CompletableFuture<Boolean> ready = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains("waiting for OCSP client connections")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the responder ended
            }
            ready.complete(false);
        }, "openssl-ocsp-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("openssl ocsp did not start on " + port);
        }
    }

    static void awaitListening(Process p, int port, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    p.destroyForcibly();
                    throw new AssertionError(what + " did not listen on " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    static int freePort() {
        return ServiceProcess.freePort();
    }

    static X509Certificate x509(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void close() {
        processes.forEach(Process::destroy);
    }
}
