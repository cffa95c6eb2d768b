package junction.load.bench;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import junction.load.VerificationReport;

/** The {@code index.html} of a report folder: figures, the verification verdict and the charts, self-contained. */
final class ReportPage {

    private static final String STYLE = """
            body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #333; margin: 2em auto; max-width: 1040px; }
            h1 { margin-bottom: 0.2em; }
            .meta { color: #666; margin-bottom: 1.5em; }
            .verdict { font-size: 2.2em; font-weight: bold; padding: 0.5em 0.8em; border-radius: 8px; margin: 1em 0; }
            .verdict small { display: block; font-size: 0.45em; font-weight: normal; margin-top: 0.4em; }
            .ok { background: #e3f5e9; color: #1b7a3a; border: 2px solid #1b7a3a; }
            .failed { background: #fdeaea; color: #b3261e; border: 2px solid #b3261e; }
            .none { background: #f0f0f0; color: #666; border: 2px solid #999; }
            table { border-collapse: collapse; margin: 1em 0 2em; }
            td, th { padding: 0.35em 1.2em 0.35em 0; text-align: left; border-bottom: 1px solid #eee; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            img { display: block; margin: 1.5em 0; border: 1px solid #eee; max-width: 100%; }
            """;

    private ReportPage() {
    }

    static String html(BenchReport report, List<ReportCharts.Chart> charts) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>junction bench: ")
                .append(escape(report.scenario())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        page.append("<h1>junction bench: ").append(escape(report.scenario())).append("</h1>\n");
        BenchReport.Machine machine = report.machine();
        page.append("<div class=\"meta\">").append(escape(report.start().toString())).append(" to ")
                .append(escape(report.end().toString())).append(" (").append(report.duration().toSeconds())
                .append(" s) on ").append(machine.cores()).append(" cores, ")
                .append(machine.memoryBytes() / (1024 * 1024 * 1024)).append(" GiB, Java ")
                .append(escape(machine.javaVersion())).append("<br><code>")
                .append(escape(String.join(" ", report.commandLine()))).append("</code></div>\n");
        verdict(page, report.verification());
        page.append("<h2>Figures</h2>\n<table>\n");
        for (Map.Entry<String, Object> figure : report.figures().entrySet()) {
            page.append("<tr><th>").append(escape(figure.getKey())).append("</th><td class=\"num\">")
                    .append(escape(display(figure.getValue()))).append("</td></tr>\n");
        }
        page.append("</table>\n<h2>Per second</h2>\n<p><a href=\"").append(ReportWriter.SAMPLES_CSV)
                .append("\">").append(ReportWriter.SAMPLES_CSV).append("</a></p>\n");
        for (ReportCharts.Chart chart : charts) {
            page.append("<img src=\"").append(chart.file()).append("\" alt=\"").append(escape(chart.title()))
                    .append("\" width=\"").append(ReportCharts.WIDTH).append("\" height=\"")
                    .append(ReportCharts.HEIGHT).append("\">\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }

    private static void verdict(StringBuilder page, VerificationReport v) {
        if (v == null) {
            page.append("<div class=\"verdict none\">NOT VERIFIED<small>this run was not checked</small></div>\n");
            return;
        }
        page.append("<div class=\"verdict ").append(v.verified() ? "ok\">VERIFIED" : "failed\">VERIFICATION FAILED")
                .append("<small>expected ").append(v.expected()).append(", received ").append(v.received())
                .append(", missing ").append(v.missing()).append(", stale ").append(v.stale())
                .append(", unexpected ").append(v.unexpected()).append(", duplicates dropped ")
                .append(v.duplicates());
        for (String example : v.examples()) {
            page.append("<br>").append(escape(example));
        }
        page.append("</small></div>\n");
    }

    /** Numbers with thousands separators and at most two decimals; anything else as text. */
    static String display(Object value) {
        if (value instanceof Number number) {
            DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return format.format(number.doubleValue());
        }
        return String.valueOf(value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
