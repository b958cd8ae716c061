package io.ucfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A private CA made with the openssl command alone (root, intermediates, leaves). */
public record OpensslCa(String commonName, Path certificate, Path key) {

    public static OpensslCa root(String commonName) {
        Path dir = Openssl.tempDir();
        Path cert = dir.resolve("ca.pem");
        Path key = dir.resolve("ca.key");
        Openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "3650", "-sha256",
                "-subj", "/CN=" + commonName + "/O=ucfleet tests",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new OpensslCa(commonName, cert, key);
    }

    public OpensslCa intermediate(String cn) {
        return issue(cn, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
    }

    public OpensslCa leaf(String cn) {
        return issue(cn, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:" + cn + "\n");
    }

    private OpensslCa issue(String cn, String extensions) {
        Path dir = Openssl.tempDir();
        Path csr = dir.resolve("req.csr");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("cert.key");
        Path ext = dir.resolve("ext.cnf");
        try {
            Files.writeString(ext, extensions);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn + "/O=ucfleet tests");
        Openssl.run("x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", this.key.toString(),
                "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "1825", "-sha256",
                "-extfile", ext.toString(), "-out", cert.toString());
        return new OpensslCa(cn, cert, key);
    }

    public String pem() {
        try {
            return Files.readString(certificate);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** SHA-256 fingerprint as openssl computes it, lower-case hex without colons. */
    public String sha256() {
        String out = Openssl.run("x509", "-in", certificate.toString(), "-noout", "-fingerprint", "-sha256");
        return out.substring(out.indexOf('=') + 1).trim().replace(":", "").toLowerCase(java.util.Locale.ROOT);
    }
}
