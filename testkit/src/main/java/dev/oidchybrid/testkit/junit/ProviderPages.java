package dev.oidchybrid.testkit.junit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the development provider's own HTML: its login page ({@code <form id="login">}), its form_post page (a
 * self-submitting form, OAuth 2.0 Form Post Response Mode, 2) and the message of its error pages. The provider
 * writes these pages in one fixed shape, so a few patterns are enough; this is no general HTML parser.
 */
final class ProviderPages {

    private static final Pattern POST_FORM = Pattern.compile("<form[^>]*method=\"post\"[^>]*action=\"([^\"]*)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("id=\"message\"[^>]*>([^<]*)<");

    private ProviderPages() {
    }

    /** Whether {@code html} is the provider's login page. */
    static boolean isLoginPage(String html) {
        return html.contains("<form id=\"login\"");
    }

    /** Whether {@code html} is a page that posts a form by itself on load (the form_post response). */
    static boolean isFormPost(String html) {
        return html.contains("onload=\"document.forms[0].submit()\"");
    }

    /** The action of the first POST form in {@code html}, unescaped, or null. */
    static String formAction(String html) {
        Matcher m = POST_FORM.matcher(html);
        return m.find() ? unescape(m.group(1)) : null;
    }

    /** The hidden fields of {@code html}, in page order, unescaped. */
    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    /** The text of the element with {@code id="message"} (login and error pages), or an empty string. */
    static String message(String html) {
        Matcher m = MESSAGE.matcher(html);
        return m.find() ? unescape(m.group(1)).trim() : "";
    }

    /** The inverse of the provider's HTML escaping. */
    private static String unescape(String text) {
        return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
