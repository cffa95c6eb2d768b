package junction.ingest;

/**
 * Entity ids such as {@code c000042} or {@code sku00042}: a prefix and a 1-based number zero-padded
 * to the width of the entity count, so ids sort in number order and parse back to an array index.
 */
record IdFormat(String prefix, int width) {

    static IdFormat forCount(String prefix, int count) {
        return new IdFormat(prefix, Integer.toString(count).length());
    }

    String format(int number) {
        String digits = Integer.toString(number);
        StringBuilder id = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
        for (int pad = width - digits.length(); pad > 0; pad--) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /** The number of an id written by {@link #format}, or -1 for anything else. */
    int parse(Object id) {
        if (!(id instanceof String s) || !s.startsWith(prefix) || s.length() < prefix.length() + width
                || s.length() > prefix.length() + 10) {
            return -1;
        }
        long number = 0;
        for (int i = prefix.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        // Rejects "c0000042" for width 6: only the canonical spelling names an entity.
        return number <= Integer.MAX_VALUE && format((int) number).equals(s) ? (int) number : -1;
    }
}
