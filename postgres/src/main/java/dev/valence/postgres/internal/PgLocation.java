package dev.valence.postgres.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What error messages say of a JDBC URL: {@code host:port/database}, with the default port filled
 * in, and never the query string (where the password may be).
 */
public final class PgLocation {
    /** The URL prefix the store accepts. */
    public static final String PREFIX = "jdbc:postgresql:";

    private static final Pattern URL = Pattern.compile("jdbc:postgresql:(//([^/?]*))?/?([^?]*)(\\?.*)?");
    private static final Pattern PARAMETER = Pattern.compile("(?:^|&)%s=([^&]*)");

    private PgLocation() {}

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @return its host, port and database, without credentials
     */
    public static String describe(String jdbcUrl) {
        Matcher url = URL.matcher(jdbcUrl);
        if (!url.matches()) {
            return "(a malformed jdbc:postgresql: URL)";
        }
        String hosts = url.group(2) == null || url.group(2).isEmpty() ? "localhost" : url.group(2);
        // Credentials before the host (user:password@host) are not a form pgjdbc reads, but never echo one.
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        StringBuilder described = new StringBuilder();
        for (String host : hosts.split(",", -1)) {
            described.append(described.length() == 0 ? "" : ",").append(host);
            if (!host.contains(":") || host.endsWith("]")) {
                described.append(":5432");
            }
        }
        String database = url.group(3).isEmpty() ? "(default database)" : url.group(3);
        return described + "/" + database;
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @param name a parameter of its query string
     * @return the parameter's value, or null
     */
    public static String parameter(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return null;
        }
        Matcher found = Pattern.compile(String.format(PARAMETER.pattern(), Pattern.quote(name)))
                .matcher(jdbcUrl.substring(query + 1));
        return found.find() ? found.group(1) : null;
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @param name a parameter of its query string
     * @return the URL without that parameter: the driver lets a URL's parameters win over the
     *     properties it is given, and the store's options must win over the URL
     */
    public static String without(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return jdbcUrl;
        }
        StringBuilder kept = new StringBuilder();
        for (String parameter : jdbcUrl.substring(query + 1).split("&", -1)) {
            if (!parameter.isEmpty() && !parameter.startsWith(name + "=") && !parameter.equals(name)) {
                kept.append(kept.length() == 0 ? "" : "&").append(parameter);
            }
        }
        return jdbcUrl.substring(0, query) + (kept.length() == 0 ? "" : "?" + kept);
    }

    /**
     * @param location a store location
     * @return whether it is a PostgreSQL JDBC URL
     */
    public static boolean accepts(String location) {
        return location != null && location.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }
}
