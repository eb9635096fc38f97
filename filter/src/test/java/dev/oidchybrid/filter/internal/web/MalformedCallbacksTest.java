package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends 10,000 generated malformed callbacks (wrong method, wrong content type, no or garbage state, invalid
 * percent-encoding, duplicated parameters, 1 MB fields, binary junk, garbage tokens with and without a real
 * login-state cookie) and checks every answer: a 4xx page, never 5xx, never a stack trace, never a session.
 * The generator is seeded, so a failure names a reproducible case.
 */
class MalformedCallbacksTest {

    private static final int CASES = 10_000;
    private static final String FORM = "application/x-www-form-urlencoded";

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private static FilterHarness app;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        app = new FilterHarness(Map.of(), provider.environment());
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private record Case(String description, HttpRequest request, boolean withRealState) {
    }

    @Test
    void callbackWhenTenThousandMalformedRequestsThenEveryAnswerIs4xxWithoutSessionOrStackTrace() throws Exception {
        Random random = new Random(20261122L);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES && failures.size() < 10; i++) {
            Case c = generate(i, random);
            HttpResponse<String> response;
            try {
                response = http.send(c.request(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                failures.add("case " + i + " (" + c.description() + "): no answer: " + e);
                continue;
            }
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            String body = response.body() == null ? "" : response.body();
            boolean statusOk = c.withRealState() ? status == 400 || status == 401 : status == 400;
            boolean noSession = response.headers().allValues("Set-Cookie").stream()
                    .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
            boolean noInternals = !body.contains("Exception") && !body.contains("\tat ")
                    && !body.contains("at dev.oidchybrid") && !body.contains("at org.");
            if (!statusOk || !noSession || !noInternals) {
                failures.add("case " + i + " (" + c.description() + "): status " + status + ", session "
                        + !noSession + ", internals " + !noInternals);
            }
        }
        assertTrue(failures.isEmpty(), failures + " statuses " + statuses);
        assertEquals(CASES, statuses.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static Case generate(int i, Random random) throws Exception {
        String callback = app.url("/callback");
        switch (i % 12) {
            case 0:
                return new Case("GET", HttpRequest.newBuilder(URI.create(callback + "?state=" + state(random)
                        + "&code=" + enc(junk(random, 20)))).GET().build(), false);
            case 1: {
                String[] types = {"application/json", "text/plain", "multipart/form-data; boundary=x", "text/html"};
                return post("content type", callback, types[random.nextInt(types.length)],
                        "state=" + state(random) + "&code=x", false);
            }
            case 2:
                return post("no state", callback, FORM, "code=" + enc(junk(random, 30)) + "&id_token=" + jwtLike(random), false);
            case 3:
                return post("garbage state", callback, FORM, "state=" + enc(junk(random, 1 + random.nextInt(300)))
                        + "&code=c", false);
            case 4: {
                String[] bad = {"%", "%z", "%zz", "%G1", "%u12", "%%", "%e2%82", "%C0%AF", "state=%ff%fe"};
                return post("percent-encoding", callback, FORM, "state=" + state(random) + bad[random.nextInt(bad.length)]
                        + "&code=" + bad[random.nextInt(bad.length)], false);
            }
            case 5:
                return post("duplicated", callback, FORM, "state=" + state(random) + "&state=" + state(random)
                        + "&code=a&code=b", false);
            case 6:
                if (i % 60 == 6) {
                    return post("1 MB field", callback, FORM, "state=" + state(random) + "&id_token="
                            + "A".repeat(1024 * 1024), false);
                }
                return post("long field", callback, FORM, "state=" + state(random) + "&id_token="
                        + "A".repeat(40_000 + random.nextInt(40_000)), false);
            case 7: {
                byte[] bytes = new byte[1 + random.nextInt(2000)];
                random.nextBytes(bytes);
                return new Case("binary", HttpRequest.newBuilder(URI.create(callback)).header("Content-Type", FORM)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), false);
            }
            case 8:
                return post("garbage tokens, unknown state", callback, FORM, "state=" + state(random) + "&code="
                        + enc(junk(random, 40)) + "&id_token=" + jwtLike(random) + "&access_token=" + enc(junk(random, 60))
                        + "&iss=" + enc(provider.issuer()), false);
            case 9:
                return post("error response, unknown state", callback, FORM, "state=" + state(random)
                        + "&error=" + enc(junk(random, 30)) + "&error_description=" + enc(junk(random, 200)), false);
            case 10:
                return post("empty body", callback, FORM, "", false);
            default:
                if (i % 48 == 11) {
                    return withRealState(random);
                }
                return post("unicode", callback, FORM, "state=" + enc("ſtate\u0000\u202e" + junk(random, 30))
                        + "&code=" + enc("\uD83D\uDE00"), false);
        }
    }

    /** A garbage callback that carries a genuine login-state cookie and its state. */
    private static Case withRealState(Random random) throws Exception {
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(app.url("/page")))
                .header("Accept", Browser.HTML_ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = Browser.location(start);
        String state = null;
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("state=")) {
                state = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        String cookie = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.contains(PendingLoginCookies.PREFIX)).findFirst().orElseThrow();
        String body = "state=" + state + "&code=" + enc(junk(random, 40)) + "&id_token=" + jwtLike(random)
                + "&iss=" + enc(provider.issuer());
        return new Case("garbage tokens, real state", HttpRequest.newBuilder(URI.create(app.url("/callback")))
                .header("Content-Type", FORM).header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), true);
    }

    private static Case post(String description, String url, String contentType, String body, boolean realState) {
        return new Case(description, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), realState);
    }

    private static String state(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String junk(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return out.toString();
    }

    private static String jwtLike(Random random) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] part = new byte[20 + random.nextInt(200)];
        random.nextBytes(part);
        String header = random.nextBoolean() ? b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                : b64.encodeToString(part);
        return header + "." + b64.encodeToString(part) + (random.nextBoolean() ? "." + b64.encodeToString(part) : "");
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
