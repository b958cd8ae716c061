package io.ucfleet.ctl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ucfleet.ctl.cluster.ClusterClient;
import io.ucfleet.ctl.cluster.NodeView;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.TrustListFile;
import io.ucfleet.ctl.tlv.TrustListVerifier;
import io.ucfleet.platform.trustlist.TrustListWriter;
import io.ucfleet.ctl.tlv.TestKeys;
import io.ucfleet.ctl.trustlist.TrustListPlan;

/**
 * CTL build + sign time for clusters of 2, 8 and 32 Unified CM nodes (bench/ctl-benchmark).
 * Nodes are synthetic: RSA-2048 self-signed CallManager and TVS per node, ITLRecovery and CAPF
 * on the publisher. Signing is in-process with the JDK's {@code Signature} (RSA PKCS#1 v1.5,
 * the same call the publisher's signing endpoint makes), so the figures exclude the HTTP
 * round trip to the publisher. Each build is also parsed and verified, as ctl-service does
 * before storing a file; that is reported separately.
 */
public final class CtlBenchmark {
    public static void main(String[] args) {
        int runs = Integer.parseInt(System.getProperty("bench.runs", "30"));
        List<Integer> sizes = args.length > 0 ? Arrays.stream(args).map(Integer::parseInt).toList() : List.of(2, 8, 32);
        DigestAlgorithm digest = DigestAlgorithm.parse(System.getProperty("bench.digest", "SHA-1")).orElseThrow();
        String publisherUrl = System.getProperty("bench.publisher", "");
        ClusterClient client = publisherUrl.isEmpty() ? null : new ClusterClient(List.of(publisherUrl),
                System.getProperty("bench.username", "cluster"), System.getProperty("bench.password", ""),
                io.ucfleet.platform.tls.UnverifiedTls.context("the CTL benchmark"));
        CertificateFields realRecovery = client == null ? null
                : client.node(publisherUrl).identity("ITLRecovery").orElseThrow();
        System.out.printf(Locale.ROOT, "CTL build + sign (%s, RSA-2048 ITLRecovery, %s), %d runs after warm-up; ms%n",
                digest.displayName, client == null ? "in-process JDK signing"
                        : "signed by the publisher node over HTTP at " + publisherUrl, runs);
        System.out.printf(Locale.ROOT, "%-6s %-8s %-8s %-10s %-10s %-10s %-12s %-12s%n", "nodes", "records", "bytes",
                "p50", "p95", "max", "sign-only", "verify p50");
        StringBuilder json = new StringBuilder("{\"digest\":\"" + digest.displayName + "\",\"signing\":\""
                + (client == null ? "in-process" : "publisher-http") + "\",\"results\":[");
        for (int n : sizes) {
            List<NodeView> nodes = cluster(n, realRecovery);
            NodeView publisher = TrustListPlan.publisher(nodes);
            CertificateFields signer = publisher.identity("ITLRecovery").orElseThrow();
            TrustListWriter.Signer signing = client == null ? KEYS.get(signer.sha256Hex()).signer()
                    : (data, d) -> client.sign(publisherUrl, data, d, signer.sha256Hex());
            long[] build = new long[runs];
            long[] verify = new long[runs];
            long[] signOnly = new long[runs];
            byte[] file = null;
            for (int i = -20; i < runs; i++) { // 20 warm-up builds for the JIT
                long[] signNanos = {0};
                TrustListWriter.Signer timed = (data, d) -> {
                    long s = System.nanoTime();
                    byte[] out = signing.sign(data, d);
                    signNanos[0] += System.nanoTime() - s;
                    return out;
                };
                long start = System.nanoTime();
                file = TrustListWriter.write("CTLFile.tlv", java.time.Instant.now(), signer, digest,
                        TrustListPlan.ctl(nodes, true).stream().map(TrustListPlan.Listed::entry).toList(), timed);
                long built = System.nanoTime();
                if (!TrustListVerifier.verify(TrustListFile.parse(file)).verified()) {
                    throw new IllegalStateException("benchmark CTL does not verify");
                }
                long verified = System.nanoTime();
                if (i >= 0) {
                    build[i] = built - start;
                    verify[i] = verified - built;
                    signOnly[i] = signNanos[0];
                }
            }
            Arrays.sort(build);
            Arrays.sort(verify);
            Arrays.sort(signOnly);
            int records = TrustListFile.parse(file).records().size();
            System.out.printf(Locale.ROOT, "%-6d %-8d %-8d %-10.2f %-10.2f %-10.2f %-12.2f %-12.2f%n", n, records,
                    file.length, ms(build, 50), ms(build, 95), build[runs - 1] / 1e6, ms(signOnly, 50), ms(verify, 50));
            json.append(String.format(Locale.ROOT, "%s{\"nodes\":%d,\"records\":%d,\"bytes\":%d,\"p50Ms\":%.2f,"
                    + "\"p95Ms\":%.2f,\"signP50Ms\":%.2f,\"verifyP50Ms\":%.2f}", n == sizes.get(0) ? "" : ",", n, records,
                    file.length, ms(build, 50), ms(build, 95), ms(signOnly, 50), ms(verify, 50)));
        }
        System.out.println(json.append("]}"));
    }

    private static final Map<String, TestKeys> KEYS = new LinkedHashMap<>();

    static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static List<NodeView> cluster(int n, CertificateFields realRecovery) {
        List<NodeView> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String host = i == 0 ? "cucm-pub" : "cucm-sub" + i;
            String fqdn = host + ".bench.test";
            Map<String, CertificateFields> identities = new LinkedHashMap<>();
            identities.put("CallManager", key("CN=" + fqdn + ",OU=UC,O=ucfleet,L=San Jose,ST=CA,C=US", i * 10 + 1));
            identities.put("TVS", key("CN=" + fqdn + ",OU=UC,O=ucfleet,L=San Jose,ST=CA,C=US", i * 10 + 2));
            if (i == 0) {
                identities.put("ITLRecovery", realRecovery != null ? realRecovery
                        : key("CN=ITLRECOVERY_" + fqdn + ",OU=UC,O=ucfleet,L=San Jose,ST=CA,C=US", 3));
                identities.put("CAPF", key("CN=CAPF-0badcafe,OU=UC,O=ucfleet,L=San Jose,ST=CA,C=US", 4));
            }
            nodes.add(new NodeView("http://10.0.0." + (i + 1), host, fqdn, "10.0.0." + (i + 1),
                    i == 0 ? NodeView.PUBLISHER : NodeView.SUBSCRIBER, identities));
        }
        return nodes;
    }

    static CertificateFields key(String subject, long serial) {
        TestKeys keys = TestKeys.selfSigned(subject, 2048, serial);
        KEYS.put(keys.certificate().sha256Hex(), keys);
        return keys.certificate();
    }
}
