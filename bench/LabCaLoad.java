import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for bench/lab-ca-benchmark (JDK only, run with the source launcher):
 *   java LabCaLoad.java sign <api url of .../certificates> <user> <password> <csr files...>
 *       one CSR after the other; prints "sign <n> <p50 ms> <p90 ms> <max ms>"
 *   java LabCaLoad.java ocsp <ocsp url> <request.der> <threads> <seconds>
 *       closed loop, keep-alive; prints "ocsp <answers> <per second> <p50 ms> <p99 ms> <errors>"
 */
public class LabCaLoad {
    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        if (args[0].equals("sign")) {
            String auth = "Basic " + Base64.getEncoder().encodeToString((args[2] + ":" + args[3]).getBytes(StandardCharsets.UTF_8));
            List<Long> micros = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                String pem = Files.readString(Path.of(args[i]));
                String body = "{\"csr\": \"" + pem.replace("\n", "\\n") + "\", \"profile\": \"public-ca\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(args[1])).header("Authorization", auth)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - start) / 1000;
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("sign answered " + response.statusCode() + ": " + response.body());
                }
                micros.add(took);
            }
            Collections.sort(micros);
            System.out.printf("sign %d %.1f %.1f %.1f%n", micros.size(), pct(micros, 50), pct(micros, 90),
                    micros.get(micros.size() - 1) / 1000.0);
            return;
        }
        byte[] der = Files.readAllBytes(Path.of(args[2]));
        int threads = Integer.parseInt(args[3]);
        long millis = Long.parseLong(args[4]) * 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[1])).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(der)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        List<List<Long>> all = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>();
            all.add(mine);
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED (0 = successful), ... }
                        if (r.statusCode() != 200 || r.body().length < 5) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    mine.add((System.nanoTime() - start) / 1000);
                }
            });
            worker.start();
            workers.add(worker);
        }
        long begin = System.nanoTime();
        Thread.sleep(millis);
        running.set(false);
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        List<Long> micros = new ArrayList<>();
        all.forEach(micros::addAll);
        Collections.sort(micros);
        System.out.printf("ocsp %d %.0f %.1f %.1f %d%n", micros.size(), micros.size() / seconds, pct(micros, 50),
                pct(micros, 99), errors.get());
    }

    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}
