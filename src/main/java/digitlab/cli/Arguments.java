package digitlab.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The arguments as DigitLab reads them, on top of picocli's parse: numbers (spaces around them allowed,
 * only finite ones), ranges, and one line in DigitLab's words for arguments that do not fit, e.g.
 * "--epochs must be a whole number, not 'x'" rather than picocli's own wording.
 */
final class Arguments {
    /** What a missing value is, by the option's placeholder. */
    private static final Map<String, String> VALUE_NOUNS = Map.of("DIR", "a folder", "FILE", "a file name");
    private static final Pattern EXCLUSIVE = Pattern.compile("(?:Error: )?(.*) are mutually exclusive.*");

    private Arguments() {
    }

    /** Reads whole numbers and numbers for every command of {@code line}, as DigitLab always has. */
    static void registerConverters(CommandLine line) {
        ITypeConverter<Integer> integer = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ITypeConverter<Long> longValue = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        ITypeConverter<Float> number = Arguments::number;
        line.registerConverter(int.class, integer).registerConverter(Integer.class, integer)
                .registerConverter(long.class, longValue).registerConverter(Long.class, longValue)
                .registerConverter(float.class, number).registerConverter(Float.class, number);
    }

    private static long whole(String v, long min, long max) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + v + "'");
        }
    }

    private static float number(String v) {
        try {
            float f = Float.parseFloat(v.trim());
            if (Float.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new TypeConversionException("must be a number, not '" + v + "'");
    }

    /** {@code value} of option {@code name}, if it is from {@code min} to {@code max}. */
    static int within(String name, int value, int min, int max) throws UsageException {
        if (value < min || value > max) {
            throw new UsageException(name + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /** The one line that says what is wrong with the arguments, without "error: ". */
    static String problem(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (u.getCommandLine().getParent() == null) {
                return "unknown command '" + first + "'";
            }
            return first.startsWith("-") ? "unknown option '" + first + "'"
                    : "unexpected argument '" + first + "'" + hint(u.getCommandLine());
        }
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + " is given twice";
        }
        ArgSpec arg = e.getArgSpec();
        if (e instanceof MissingParameterException m && arg == null && !m.getMissing().isEmpty()) {
            arg = m.getMissing().get(0);
        }
        if (e instanceof MissingParameterException && arg instanceof OptionSpec option) {
            return option.longestName() + " needs " + VALUE_NOUNS.getOrDefault(option.paramLabel(), "a value");
        }
        if (e.getCause() instanceof TypeConversionException t && arg instanceof OptionSpec option) {
            // a flag given a value, --json=yes, is no option that exists
            return option.arity().max() == 0 ? "unknown option '" + option.longestName() + "=" + e.getValue() + "'"
                    : option.longestName() + " " + t.getMessage();
        }
        Matcher exclusive = EXCLUSIVE.matcher(e.getMessage());
        if (e instanceof MutuallyExclusiveArgsException && exclusive.matches()) {
            return String.join(" and ", List.of(exclusive.group(1).split(", "))) + " cannot be combined";
        }
        return e.getMessage();
    }

    private static String hint(CommandLine line) {
        return line.getCommand() instanceof Command c ? c.unexpectedArgumentHint() : "";
    }
}
