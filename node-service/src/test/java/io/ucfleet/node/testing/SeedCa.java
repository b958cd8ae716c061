package io.ucfleet.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private CA run with {@code openssl ca} as seed 004's OpenSSL appendix sets it up: a CA
 * directory with {@code index.txt}, {@code serial}, {@code newcerts} and {@code private}, a
 * configuration with {@code copy_extensions = copy} and {@code policy = policy_anything}, a CA
 * certificate made with {@code -extensions v3_ca}, and requests signed with {@code openssl ca}.
 * (Differences from the appendix, for test speed: RSA 2048 CA keys without a passphrase, SHA-256.)
 */
public record SeedCa(String commonName, Path dir) {

    private static final String CONFIG = """
            [ ca ]
            default_ca = CA_default

            [ CA_default ]
            dir = .
            database = $dir/index.txt
            new_certs_dir = $dir/newcerts
            certificate = $dir/cacert.pem
            private_key = $dir/private/cakey.pem
            serial = $dir/serial
            default_md = sha256
            default_days = 3650
            policy = policy_anything
            copy_extensions = copy
            unique_subject = no
            x509_extensions = usr_cert

            [ policy_anything ]
            countryName = optional
            stateOrProvinceName = optional
            localityName = optional
            organizationName = optional
            organizationalUnitName = optional
            commonName = supplied
            emailAddress = optional

            [ usr_cert ]
            basicConstraints = CA:FALSE
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid,issuer

            # A CA that overrides the requested key usage: Data Encipherment does not survive.
            [ drops_data_encipherment ]
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment

            # What public CAs (Let's Encrypt and the like) issue: no Data Encipherment, serverAuth + clientAuth;
            # the CSR's SAN is copied (copy_extensions), its key usage is not (this section sets it).
            [ public_ca ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth, clientAuth
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid,issuer

            # A CA that adds a wildcard name to the SAN.
            [ wildcard_san ]
            basicConstraints = CA:FALSE
            subjectAltName = DNS:cucm-pub.ucfleet.test, DNS:*.ucfleet.test

            [ v3_ca ]
            basicConstraints = critical, CA:true
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always, issuer

            [ req ]
            distinguished_name = req_distinguished_name
            [ req_distinguished_name ]
            """;

    /** A root CA: {@code openssl req -new -x509 -days 3650 -key private/cakey.pem -extensions v3_ca}. */
    public static SeedCa root(String commonName) {
        return root(commonName, 2048);
    }

    /** A root CA with an RSA key of the given size. */
    public static SeedCa root(String commonName, int rsaBits) {
        SeedCa ca = prepare(commonName);
        ca.openssl("genrsa", "-out", "private/cakey.pem", Integer.toString(rsaBits));
        ca.openssl("req", "-new", "-x509", "-days", "3650", "-key", "private/cakey.pem", "-config", "openssl_local.cfg",
                "-sha256", "-extensions", "v3_ca", "-subj", "/CN=" + commonName + "/O=ucfleet tests/C=US", "-out", "cacert.pem");
        return ca;
    }

    /** An intermediate CA signed by this one with {@code openssl ca -extensions v3_ca}. */
    public SeedCa intermediate(String commonName) {
        SeedCa sub = prepare(commonName);
        sub.openssl("genrsa", "-out", "private/cakey.pem", "2048");
        sub.openssl("req", "-new", "-key", "private/cakey.pem", "-config", "openssl_local.cfg", "-subj",
                "/CN=" + commonName + "/O=ucfleet tests/C=US", "-out", "ca.csr");
        Path signed = sign(read(sub.dir.resolve("ca.csr")), "v3_ca");
        try {
            Files.copy(signed, sub.dir.resolve("cacert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sub;
    }

    /** Signs a PEM CSR: {@code openssl ca -batch -config openssl_local.cfg -in req.csr -out cert.pem}. Returns the file. */
    public Path sign(String csrPem) {
        return sign(csrPem, null);
    }

    /** As {@link #sign(String)} with the named extension section (e.g. {@code drops_data_encipherment}). */
    public Path sign(String csrPem, String extensions) {
        try {
            Path request = Files.createTempFile(dir, "req", ".csr");
            Files.writeString(request, csrPem);
            Path out = Files.createTempFile(dir, "cert", ".pem");
            if (extensions == null) {
                openssl("ca", "-batch", "-config", "openssl_local.cfg", "-notext", "-in", request.toString(), "-out", out.toString());
            } else {
                openssl("ca", "-batch", "-config", "openssl_local.cfg", "-notext", "-extensions", extensions, "-in",
                        request.toString(), "-out", out.toString());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String signPem(String csrPem) {
        return read(sign(csrPem));
    }

    public String pem() {
        return read(dir.resolve("cacert.pem"));
    }

    public Path certificate() {
        return dir.resolve("cacert.pem");
    }

    private static SeedCa prepare(String commonName) {
        Path dir = Openssl.tempDir().resolve("demoCA");
        try {
            Files.createDirectories(dir.resolve("certs"));
            Files.createDirectories(dir.resolve("newcerts"));
            Files.createDirectories(dir.resolve("private"));
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "10\n");
            Files.writeString(dir.resolve("openssl_local.cfg"), CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SeedCa(commonName, dir);
    }

    private void openssl(String... args) {
        Openssl.inDirectory(dir, args).out();
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
