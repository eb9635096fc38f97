package dev.oidchybrid.testkit;

import java.util.List;
import java.util.Map;

/**
 * The provider's HTML: login page, form_post auto-submit page (OAuth 2.0 Form Post Response Mode, 2), error and
 * logged-out pages. Every value placed in a page goes through {@link #escape(String)}.
 */
final class HtmlPages {

    private static final String STYLE = "<style>body{font-family:system-ui,sans-serif;max-width:32rem;"
            + "margin:3rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}"
            + ".error{color:#a00}.demo{background:#f4f4f4;padding:.5rem 1rem;margin-top:2rem}"
            + "table{border-collapse:collapse}td{padding:.1rem .8rem .1rem 0}</style>";

    private HtmlPages() {
    }

    /** What the login page shows and carries. */
    record LoginPage(String loginRequestId, String clientId, String username, String message, List<DemoUser> users) {
    }

    /**
     * The login page: {@code <form id="login" method="post" action="/authorize">} with {@code username},
     * {@code password}, the pending request id as hidden {@code login_request}, and the buttons
     * {@code action=login} / {@code action=cancel}; the demo credentials are listed below.
     */
    static String login(LoginPage page) {
        StringBuilder html = new StringBuilder(2048);
        html.append(head("Sign in - Dev OpenID Provider"))
                .append("<body>\n<h1>Sign in</h1>\n<p>to <strong>").append(escape(page.clientId()))
                .append("</strong> at the development OpenID Provider.</p>\n");
        if (page.message() != null) {
            html.append("<p class=\"error\" id=\"message\" role=\"alert\">").append(escape(page.message())).append("</p>\n");
        }
        html.append("<form id=\"login\" method=\"post\" action=\"/authorize\">\n")
                .append("<input type=\"hidden\" name=\"login_request\" value=\"").append(escape(page.loginRequestId()))
                .append("\">\n")
                .append("<label>Username <input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"")
                .append(escape(page.username() == null ? "" : page.username())).append("\" autofocus></label>\n")
                .append("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\">")
                .append("</label>\n")
                .append("<button type=\"submit\" name=\"action\" value=\"login\">Sign in</button>\n")
                .append("<button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button>\n")
                .append("</form>\n<div class=\"demo\">\n<p>Demo accounts (development only):</p>\n<table>\n");
        for (DemoUser user : page.users()) {
            html.append("<tr><td>").append(escape(user.username())).append("</td><td>")
                    .append(escape(user.password())).append("</td></tr>\n");
        }
        return html.append("</table>\n</div>\n</body>\n</html>\n").toString();
    }

    /**
     * The form_post response page: a form posting {@code fields} to {@code action}, submitted on load, with a
     * Continue button for browsers without JavaScript.
     */
    static String formPost(String action, Map<String, String> fields) {
        StringBuilder html = new StringBuilder(1024);
        html.append(head("Submit this form"))
                .append("<body onload=\"document.forms[0].submit()\">\n")
                .append("<form method=\"post\" action=\"").append(escape(action)).append("\">\n");
        fields.forEach((name, value) -> {
            if (value != null) {
                html.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"")
                        .append(escape(value)).append("\">\n");
            }
        });
        return html.append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n</body>\n</html>\n")
                .toString();
    }

    /** An error page for requests that cannot be answered to a client (e.g. unknown client or redirect URI). */
    static String error(String title, String message) {
        return head(title) + "<body>\n<h1>" + escape(title) + "</h1>\n<p id=\"message\">" + escape(message)
                + "</p>\n</body>\n</html>\n";
    }

    /** The page shown after logout when there is nowhere to redirect to. */
    static String loggedOut() {
        return head("Logged out") + "<body>\n<h1>You are logged out</h1>\n"
                + "<p>Your session at the development OpenID Provider has ended.</p>\n</body>\n</html>\n";
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n" + STYLE + "\n</head>\n";
    }
}
