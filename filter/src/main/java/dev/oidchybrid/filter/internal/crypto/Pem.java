package dev.oidchybrid.filter.internal.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of a PEM text (RFC 7468), as it comes from a file or from an environment variable: line breaks may be
 * real, written as {@code \n} escapes, or folded into spaces. Pure.
 */
final class Pem {

    /** One {@code -----BEGIN label-----} ... {@code -----END label-----} block, decoded. */
    record Block(String label, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {
    }

    /** Whether the text looks like PEM at all. */
    static boolean looksLikePem(String text) {
        return text.contains("-----BEGIN ");
    }

    /**
     * @throws ClientKeyException with {@code input} when there is no block or a block's body is not base64
     */
    static List<Block> blocks(String text, ClientKeyException.Input input) {
        String unescaped = text.replace("\\r", "").replace("\\n", "\n");
        Matcher m = BLOCK.matcher(unescaped);
        List<Block> blocks = new ArrayList<>();
        while (m.find()) {
            String body = m.group(2).replaceAll("\\s+", "");
            try {
                blocks.add(new Block(m.group(1), Base64.getDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new ClientKeyException(input, "has a " + m.group(1) + " PEM block that is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new ClientKeyException(input, "has no complete PEM block (-----BEGIN ...----- ... -----END ...-----)");
        }
        return blocks;
    }
}
