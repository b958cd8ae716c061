package io.ucfleet.node.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import io.ucfleet.platform.problem.DomainProblem;

/**
 * The server private key file an Expressway administrator uploads (seed 004), given anything:
 * a key, or a {@link DomainProblem} that names what is wrong and never quotes the file (no run
 * of Base64 from it, nothing BouncyCastle said), never another exception. Inputs: random bytes,
 * random PEM around random Base64, and real RSA and EC keys (PKCS#1, SEC1, PKCS#8) with bytes of
 * their DER changed, cut or inserted, re-wrapped as PEM.
 */
class PrivateKeyFileFuzzTest {
    static final List<String> KEYS = List.of(traditional(rsa()), pkcs8(rsa()), traditional(ec()), pkcs8(ec()));
    static final Pattern QUOTED_BASE64 = Pattern.compile("[A-Za-z0-9+/]{24,}");
    static final AtomicInteger MUTATED = new AtomicInteger();
    static final AtomicInteger MUTATED_READ = new AtomicInteger();

    static boolean readLikeAnUpload(byte[] file) {
        long start = System.nanoTime();
        try {
            PrivateKeyFile key = PrivateKeyFile.read(file);
            assertTrue(key.key().algorithm().equals("RSA") || key.key().algorithm().equals("EC"), key.key().algorithm());
            assertFalse(key.toString().contains("PRIVATE"), "toString shows no key");
            return true;
        } catch (DomainProblem refused) {
            assertFalse(refused.detail().isBlank());
            assertFalse(refused.detail().contains("Exception"), refused.detail());
            assertFalse(QUOTED_BASE64.matcher(refused.detail()).find(), "quotes the file: " + refused.detail());
            assertTrue(refused.detail().length() < 600, refused.detail());
            return false;
        } catch (RuntimeException e) {
            fail("a key file of " + file.length + " bytes threw " + e, e);
            return false;
        } finally {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
        }
    }

    @AfterContainer
    static void enoughMutationsWereStillKeys() {
        assertTrue(MUTATED.get() == 0 || MUTATED_READ.get() * 20 >= MUTATED.get(),
                MUTATED_READ + " of " + MUTATED + " mutated key files read: the mutations no longer reach past the PEM");
    }

    @Example
    void realKeysAreRead() {
        KEYS.forEach(pem -> assertTrue(readLikeAnUpload(pem.getBytes(StandardCharsets.US_ASCII)), pem.substring(0, 32)));
    }

    @Property
    void anyBytesAreReadOrRefused(@ForAll @Size(max = 3000) byte[] file) {
        readLikeAnUpload(file);
    }

    @Property
    void anyPemIsReadOrRefused(@ForAll("pem") String pem) {
        readLikeAnUpload(pem.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property
    void aMutatedKeyIsReadOrRefused(@ForAll("mutations") String pem) {
        MUTATED.incrementAndGet();
        if (readLikeAnUpload(pem.getBytes(StandardCharsets.US_ASCII))) {
            MUTATED_READ.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<String> pem() {
        Arbitrary<String> label = Arbitraries.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
                "EC PARAMETERS", "CERTIFICATE", "DSA PRIVATE KEY", "", "PRIVATE KEY\u0000");
        Arbitrary<String> header = Arbitraries.of("", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n", "Proc-Type: 4\n\n",
                "X: y\n\n");
        Arbitrary<String> body = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n -")
                .ofMaxLength(400);
        return Combinators.combine(label, header, body, label, Arbitraries.integers().between(1, 3)).as((begin, h, content, end, n) ->
                ("-----BEGIN " + begin + "-----\n" + h + content + "\n-----END " + end + "-----\n").repeat(n));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> flipped = Combinators.combine(key, Arbitraries.integers().between(0, 4000).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.bytes().list().ofSize(3)).as((pem, positions, values) -> {
                    byte[] der = der(pem);
                    for (int i = 0; i < positions.size(); i++) {
                        der[positions.get(i) % der.length] = values.get(i);
                    }
                    return rewrap(pem, der);
                });
        Arbitrary<String> cut = Combinators.combine(key, Arbitraries.integers().between(0, 4000))
                .as((pem, n) -> rewrap(pem, Arrays.copyOf(der(pem), n % der(pem).length)));
        Arbitrary<String> noNewline = key.map(pem -> pem.strip());
        return Arbitraries.frequencyOf(Tuple.of(4, flipped), Tuple.of(2, cut), Tuple.of(1, noNewline));
    }

    static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    static String rewrap(String pem, byte[] der) {
        String label = pem.substring("-----BEGIN ".length(), pem.indexOf("-----", 5));
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    static String traditional(KeyPair key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String pkcs8(KeyPair key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key.getPrivate(), null).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** BouncyCastle's EC key: written as SEC1 it names its curve, as openssl's do (the JDK's would not). */
    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
