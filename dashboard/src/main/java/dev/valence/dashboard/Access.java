package dev.valence.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Who may do what. On loopback every read is open (any local process could read the store's files
 * anyway) but the Host header must name the loopback, so a page of another site cannot read the
 * dashboard through DNS rebinding. Bound to another address, every request needs the token. Cancel
 * and delete always need the token in the {@value #HEADER} header: a custom header is something a
 * page of another origin cannot send without a CORS preflight, which this server never grants.
 */
final class Access {
    /** The header that carries the token with API calls. */
    static final String HEADER = "X-Valence-Token";

    /** The cookie set after a request with {@code ?token=}, so scripts, styles and event streams carry it. */
    static final String COOKIE = "valence_token";

    /** One generator for the process: SecureRandom seeds itself once, and its first use is the slow one. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final boolean loopback;

    Access(InetAddress bound) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
        this.loopback = bound.isLoopbackAddress();
    }

    String token() {
        return token;
    }

    boolean loopback() {
        return loopback;
    }

    /** @return why the request may not read, or null when it may */
    String refuseRead(HttpExchange exchange) {
        if (loopback) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            return host == null || isLoopbackHost(host) ? null : "this dashboard answers only to localhost";
        }
        if (matches(exchange.getRequestHeaders().getFirst(HEADER))
                || matches(queryToken(exchange))
                || matches(cookieToken(exchange))) {
            return null;
        }
        return "this dashboard needs its access token: open the URL it printed (with ?token=...)";
    }

    /** @return why the request may not cancel or delete, or null when it may */
    String refuseWrite(HttpExchange exchange) {
        String refused = refuseRead(exchange);
        if (refused != null) {
            return refused;
        }
        return matches(exchange.getRequestHeaders().getFirst(HEADER))
                ? null
                : "cancel and delete need the access token in the " + HEADER + " header";
    }

    /** @return whether the request carried the token in its query: the answer should set the cookie */
    boolean tokenInQuery(HttpExchange exchange) {
        return matches(queryToken(exchange));
    }

    private boolean matches(String candidate) {
        // Constant time, so the token cannot be guessed a character at a time from answer times.
        return candidate != null
                && MessageDigest.isEqual(
                        candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryToken(HttpExchange exchange) {
        return Query.of(exchange).get("token");
    }

    private static String cookieToken(HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return null;
        }
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(COOKIE + "=")) {
                    return trimmed.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static boolean isLoopbackHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("::1");
    }
}
