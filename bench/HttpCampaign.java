import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile HTTP campaign of bench/http-campaign (JDK only, run with the source launcher):
 *   java HttpCampaign.java <status.json> <credentials file of the state dir> <requests> <seed>
 * Every endpoint of every service of a running local cluster (node-service and lab-ca from their
 * OpenAPI documents, cluster-sync and ctl-service from their known paths), every method, every
 * account and none, junk bodies and content types, hostile path parameters, and raw-socket request
 * lines an HTTP client would not send. Counts answers >= 500 (503 apart), 4xx that are not
 * problem+json, requests with no answer within 20 s, and junk that a mutation accepted (2xx); and
 * compares every node's certificates (unit and SHA-256) before and after. Reproducible: the seed
 * picks the same requests again. Only junk is sent with administrator credentials, and never to the
 * management API's destructive paths, so that a correct cluster changes nothing.
 */
public class HttpCampaign {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    static final List<String> AUTHS = List.of("none", "wrong", "read-only", "admin", "cluster");
    static final List<String> HOSTILE = List.of("..%2f..%2fetc%2fpasswd", "%00", "a".repeat(300), "%ff%fe", "*", "%2e%2e",
            "tomcat%0d%0aX-Injected:%201", "<script>", "-1", "9999999999999999999999");
    static final List<String> PLAUSIBLE = List.of("tomcat", "tomcat-trust", "cisco-tomcat", "default", "1", "ipsec");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-pem-file", "application/octet-stream",
            "text/plain", "multipart/form-data; boundary=x", "application/problem+json", "application/json; charset=utf-16");
    /** Management paths a valid-looking admin request could act on: never sent with credentials. */
    static final Pattern DESTRUCTIVE = Pattern.compile("^/ucfleet/v1/(reset|snapshot|faults|scenarios|clock|mixed-mode|pause).*"
            // an administrator's actions that take no body: any request is a real one (Expressway's Reset to default,
            // update CRLs now, a zone's Check now, the monitor's tick, mixed mode on ctl-service)
            + "|^/api/provisioning/certs/(server|root)/reset$|^/api/provisioning/certs/crl/automatic/update$"
            + "|^/api/provisioning/zones/\\{[^}]+\\}/check$|^/ucfleet/v1/certificate-monitor/tick$|^/api/v1/ctl/mixed-mode$");
    /** The Certificate Management pages (and the fleet page) answer browsers: their refusals are HTML pages, not problems. */
    static final Pattern PAGES = Pattern.compile("^\\S+ \\S+ \\S+ /(cmplatform|fleet)(/.*)?$");

    /** {@code base}: where its API is (a node's HTTPS: plain HTTP redirects it); {@code plain}: its plain HTTP port. */
    record Target(String service, String name, String base, String plain, List<String[]> endpoints) {
    }

    record Finding(String kind, String request, int status, String detail) {
    }

    public static void main(String[] args) throws Exception {
        String status = java.nio.file.Files.readString(java.nio.file.Path.of(args[0]));
        String credentials = java.nio.file.Files.readString(java.nio.file.Path.of(args[1]));
        int total = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        String adminPw = find(status, "\"admin\"\\s*:\\s*\\{[^}]*\"password\"\\s*:\\s*\"([^\"]+)\"");
        String roPw = find(status, "\"readOnly\"\\s*:\\s*\\{[^}]*\"password\"\\s*:\\s*\"([^\"]+)\"");
        String clusterPw = find(credentials, "(?m)^CLUSTER_PASSWORD=(.*)$");
        Map<String, String> auth = Map.of("admin", basic("administrator", adminPw), "read-only", basic("monitor", roPw),
                "cluster", basic("cluster", clusterPw == null ? "x" : clusterPw), "wrong", basic("administrator", "wrong"));
        // nodes present their own self-signed tomcat: the campaign judges answers, not certificates
        javax.net.ssl.SSLContext anyServer = javax.net.ssl.SSLContext.getInstance("TLS");
        anyServer.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509ExtendedTrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, Socket s) { }
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, Socket s) { }
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) { }
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) { }
            public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        }}, null);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(anyServer).build();

        List<Target> targets = new ArrayList<>();
        Matcher p = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"([^\"]+)\"[^{}]*\"service\"\\s*:\\s*\"([^\"]+)\"[^{}]*\"http\"\\s*:\\s*\"(http://[^\"]+)\"")
                .matcher(status);
        while (p.find()) {
            String service = p.group(2);
            if (service.equals("postgresql")) {
                continue;
            }
            Matcher https = Pattern.compile("\"https\"\\s*:\\s*\"(https://[^\"]+)\"").matcher(p.group(0));
            // the API of a node, a cluster-sync, a ctl-service and the lab CA is HTTPS only (their plain port redirects)
            String api = https.find() ? https.group(1) : p.group(3);
            targets.add(new Target(service, p.group(1), api, p.group(3), endpoints(http, service, api)));
        }
        Map<String, String> before = state(http, targets, auth.get("admin"));

        Random random = new Random(seed);
        List<HttpRequest> requests = new ArrayList<>();
        List<String> described = new ArrayList<>();
        while (requests.size() < total) {
            Target t = targets.get(random.nextInt(targets.size()));
            String[] endpoint = t.endpoints().get(random.nextInt(t.endpoints().size()));
            String method = random.nextInt(3) == 0 ? METHODS.get(random.nextInt(METHODS.size())) : endpoint[0];
            String who = AUTHS.get(random.nextInt(AUTHS.size()));
            boolean privileged = who.equals("admin") || who.equals("cluster");
            boolean mutation = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
            if (privileged && mutation && DESTRUCTIVE.matcher(endpoint[1]).matches()) {
                continue;
            }
            // with privileges, mutations get hostile parameters and junk bodies only: valid ones would change state
            String path = fill(endpoint[1], random, privileged && mutation);
            byte[] body = privileged && mutation ? junk(random) : random.nextBoolean() ? junk(random) : new byte[0];
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create(t.base() + path)).timeout(TIMEOUT);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!who.equals("none")) {
                b.header("Authorization", auth.get(who));
            }
            if (body.length > 0) {
                b.header("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
            }
            if (random.nextInt(10) == 0) {
                b.header("Accept", random.nextBoolean() ? "text/html" : "application/xml");
            }
            b.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            requests.add(b.build());
            described.add(t.name() + " " + who + " " + method + " " + path + " (" + body.length + " bytes)");
        }

        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        for (int i = 0; i < requests.size(); i++) {
            HttpRequest request = requests.get(i);
            String what = described.get(i);
            pool.submit(() -> {
                try {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    judge(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), request.method(), what,
                            new String(r.body(), StandardCharsets.UTF_8), findings, byStatus, accepted);
                } catch (HttpTimeoutException e) {
                    findings.add(new Finding("no-answer", what, 0, "no answer within " + TIMEOUT.toSeconds() + " s"));
                } catch (IOException e) {
                    byStatus.computeIfAbsent("closed", k -> new AtomicInteger()).incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.HOURS);
        int raw = rawRequests(targets, findings, byStatus);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> after = state(http, targets, auth.get("admin"));

        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        System.out.printf("HTTP CAMPAIGN seed %d: %d requests (+%d raw) to %d processes in %.0f s (%.0f/s)%n", seed,
                requests.size(), raw, targets.size(), seconds, (requests.size() + raw) / seconds);
        System.out.println("  by status: " + new TreeMap<>(byStatus));
        System.out.println("  answers >= 500 (not 503): " + counts.getOrDefault("server-error", 0));
        System.out.println("  4xx not problem+json (API; pages answer HTML): " + counts.getOrDefault("not-problem-json", 0));
        System.out.println("  no answer within 20 s:    " + counts.getOrDefault("no-answer", 0));
        System.out.println("  junk accepted (2xx):      " + accepted.get());
        boolean same = before.equals(after);
        System.out.println("  state before = after:     " + same + (same ? "" : " " + diff(before, after)));
        // every finding that matters, by kind; a sample of the rest
        for (String kind : List.of("server-error", "no-answer", "junk-accepted", "not-problem-json")) {
            findings.stream().filter(f -> f.kind().equals(kind)).limit(kind.equals("not-problem-json") ? 20 : 200)
                    .forEach(f -> System.out.println("  " + f.kind() + " " + f.status() + " " + f.request() + " "
                            + f.detail().replaceAll("\\s+", " ")));
        }
    }

    static void judge(int code, String type, String method, String what, String body, ConcurrentLinkedQueue<Finding> findings,
            Map<String, AtomicInteger> byStatus, AtomicInteger accepted) {
        byStatus.computeIfAbsent(String.valueOf(code), k -> new AtomicInteger()).incrementAndGet();
        if (code >= 500 && code != 503) {
            findings.add(new Finding("server-error", what, code, body.length() > 200 ? body.substring(0, 200) : body));
        } else if (code >= 400 && !method.equals("HEAD") && !type.startsWith("application/problem+json")) {
            String request = what.lastIndexOf(" (") < 0 ? what : what.substring(0, what.lastIndexOf(" ("));
            boolean page = PAGES.matcher(request.replaceAll("\\?.*", "")).matches();
            if (!page || !type.startsWith("text/html")) {
                findings.add(new Finding("not-problem-json", what, code, type));
            }
        } else if (code >= 200 && code < 300 && !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            accepted.incrementAndGet();
            findings.add(new Finding("junk-accepted", what, code, body.length() > 200 ? body.substring(0, 200) : body));
        }
    }

    /** Request lines and headers no HTTP client sends, on a socket of their own; each must be answered or closed. */
    static int rawRequests(List<Target> targets, ConcurrentLinkedQueue<Finding> findings, Map<String, AtomicInteger> byStatus) {
        List<String> heads = List.of("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/node HTTP/2.0\r\nHost: x\r\n\r\n", "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/v1/identities/tomcat/regenerate HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST /api/v1/identities/tomcat/regenerate HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 2\r\n\r\n{}",
                "POST /api/v1/certificates HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "GET /api/v1/node HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n",
                "BREW /api/v1/node HTTP/1.1\r\nHost: x\r\n\r\n", "GET /api/v1/node\r\n\r\n", "\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n",
                "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET http://evil.example/api/v1/node HTTP/1.1\r\nHost: x\r\n\r\n");
        int sent = 0;
        for (Target t : targets) {
            URI base = URI.create(t.plain()); // raw bytes on the plain port: the edge's limits answer there first
            for (String head : heads) {
                sent++;
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    String answer = readHead(s.getInputStream());
                    if (answer.isEmpty()) {
                        byStatus.computeIfAbsent("closed", k -> new AtomicInteger()).incrementAndGet();
                        continue;
                    }
                    Matcher m = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(answer);
                    int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
                    Matcher ct = Pattern.compile("(?im)^content-type:\\s*(\\S+)").matcher(answer);
                    judge(code, ct.find() ? ct.group(1) : "", "RAW", t.name() + " raw " + head.substring(0, Math.min(60,
                            head.indexOf('\r') < 0 ? head.length() : head.indexOf('\r'))), answer, findings, byStatus, new AtomicInteger());
                } catch (java.net.SocketTimeoutException e) {
                    findings.add(new Finding("no-answer", t.name() + " raw " + head.substring(0, Math.min(40, head.length())), 0,
                            "neither answered nor closed within " + TIMEOUT.toSeconds() + " s"));
                } catch (IOException e) {
                    byStatus.computeIfAbsent("closed", k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
        return sent;
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && out.size() < 16_384) {
            out.write(c);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Every (method, path) a service serves: from its OpenAPI document, else the paths it is known to have. */
    static List<String[]> endpoints(HttpClient http, String service, String base) throws Exception {
        List<String[]> out = new ArrayList<>();
        try {
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (doc.statusCode() == 200) {
                String paths = doc.body().substring(doc.body().indexOf("\"paths\""));
                Matcher m = Pattern.compile("\"(/[^\"]*)\"\\s*:\\s*\\{").matcher(paths);
                while (m.find()) {
                    String path = m.group(1);
                    int from = m.end();
                    int depth = 1;
                    int i = from;
                    while (i < paths.length() && depth > 0) {
                        depth += paths.charAt(i) == '{' ? 1 : paths.charAt(i) == '}' ? -1 : 0;
                        i++;
                    }
                    Matcher methods = Pattern.compile("\"(get|post|put|delete|patch)\"\\s*:").matcher(paths.substring(from, i));
                    while (methods.find()) {
                        out.add(new String[] {methods.group(1).toUpperCase(), path});
                    }
                }
            }
        } catch (IOException e) {
            // fall back to the known paths
        }
        if (out.isEmpty()) {
            for (String path : switch (service) {
                case "cluster-sync" -> List.of("/api/v1/sync", "/api/v1/sync/members", "/api/v1/sync/pending", "/ucfleet/v1/reset",
                        "/ucfleet/v1/faults/replication-delay");
                case "ctl-service" -> List.of("/api/v1/ctl", "/api/v1/ctl/status", "/api/v1/ctl/mixed-mode", "/api/v1/ctl/files/{name}",
                        "/CTLFile.tlv", "/ITLFile.tlv", "/ucfleet/v1/reset");
                default -> List.of("/api/v1");
            }) {
                out.add(new String[] {"GET", path});
                out.add(new String[] {"POST", path});
            }
        }
        return out;
    }

    static String fill(String path, Random random, boolean hostileOnly) {
        Matcher m = Pattern.compile("\\{[^}]+\\}").matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = hostileOnly || random.nextBoolean() ? HOSTILE.get(random.nextInt(HOSTILE.size()))
                    : PLAUSIBLE.get(random.nextInt(PLAUSIBLE.size()));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (random.nextInt(8) == 0) {
            out.append(random.nextBoolean() ? "?size=-1&page=abc&sort=" + URLEncoder.encode("'; drop table x", StandardCharsets.UTF_8)
                    : "?" + "q=".repeat(2000));
        }
        return out.toString();
    }

    static byte[] junk(Random random) {
        switch (random.nextInt(12)) {
            case 0: return "null".getBytes(StandardCharsets.UTF_8);
            case 1: return "{".getBytes(StandardCharsets.UTF_8);
            case 2: return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 3: return ("{\"a\":\"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4: return new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, 0x00, 0x7d, 0x00};
            case 5: return "\ufeff{\"keySize\": \"2048\"}".getBytes(StandardCharsets.UTF_8);
            case 6: return "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8);
            case 7: {
                byte[] b = new byte[1024];
                random.nextBytes(b);
                return b;
            }
            case 8: return "{\"keySize\": 2048, \"keySize\": 4096, \"x\": \"\u0000\"}".getBytes(StandardCharsets.UTF_8);
            case 9: return "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ntruncated".getBytes(StandardCharsets.UTF_8);
            case 10: return "{\"unknownField\": true}".getBytes(StandardCharsets.UTF_8);
            default: return "0\u0000\u0000\u0000\u0030\u0082".getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Each node's certificates (unit and SHA-256), hashed: what a refused request must leave as it was. */
    static Map<String, String> state(HttpClient http, List<Target> targets, String admin) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (Target t : targets) {
            if (!t.service().equals("node-service")) {
                continue;
            }
            StringBuilder all = new StringBuilder();
            for (int page = 0; page < 100; page++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(t.base() + "/api/v1/certificates?size=500&page="
                        + page)).header("Authorization", admin).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = Pattern.compile("\"unit\"\\s*:\\s*\"([^\"]+)\"|\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"").matcher(r.body());
                int found = 0;
                while (m.find()) {
                    all.append(m.group(0));
                    found++;
                }
                if (found == 0) {
                    break;
                }
            }
            out.put(t.name(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16) + " (" + all.length() + " chars)");
        }
        return out;
    }

    static String diff(Map<String, String> before, Map<String, String> after) {
        StringBuilder out = new StringBuilder();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                out.append(k).append(": ").append(v).append(" -> ").append(after.get(k)).append("; ");
            }
        });
        return out.toString();
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
