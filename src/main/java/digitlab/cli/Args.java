package digitlab.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: options {@code --name VALUE} or {@code --flag}, and the rest in order. An
 * option not declared, one without its value, or one given twice is a usage error.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param withValue options that take a value
     * @param flags     options that stand alone
     */
    Args(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsDone || !a.startsWith("--")) {
                positional.add(a);
            } else if (a.equals("--")) {
                optionsDone = true;
            } else {
                String name = a, value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (withValue.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                } else if (flags.contains(name) && value == null) {
                    value = "true";
                } else {
                    throw new UsageException("unknown option '" + a + "'");
                }
                if (values.put(name, value) != null) {
                    throw new UsageException(name + " is given twice");
                }
            }
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " must be from " + min + " to " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, not '" + v + "'");
        }
    }

    long longValue(String name, long fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, not '" + v + "'");
        }
    }

    float number(String name, float fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            float f = Float.parseFloat(v.trim());
            if (!Float.isFinite(f)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, not '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }
}
