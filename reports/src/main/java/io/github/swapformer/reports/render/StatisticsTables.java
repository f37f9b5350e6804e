package io.github.swapformer.reports.render;

import static io.github.swapformer.reports.render.Quantities.fixed;
import static io.github.swapformer.reports.render.Quantities.meanCi;
import static io.github.swapformer.reports.render.Quantities.p;

import io.github.swapformer.reports.stats.Comparison;
import io.github.swapformer.reports.stats.SeedSummary;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.stats.TaskStatistics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The report's tables of numbers, built from {@link StudyStatistics}. */
final class StatisticsTables {
    private StatisticsTables() {
    }

    /** Best variant per task and how significant its lead over the runner-up is. */
    static Block.Table leaders(StudyStatistics stats) {
        List<List<String>> rows = new ArrayList<>();
        for (TaskStatistics task : stats.tasks()) {
            Comparison lead = stats.leads().stream().filter(c -> c.task().equals(task.task())).findFirst()
                    .orElse(null);
            String leader = task.ranking().isEmpty() ? Quantities.MISSING : task.ranking().get(0);
            rows.add(List.of(task.task(), String.valueOf(task.trainLength()), lengths(task), leader,
                    meanCi(task.score(leader)),
                    lead == null ? Quantities.MISSING : lead.reference(),
                    lead == null ? Quantities.MISSING : meanCi(lead.referenceScore()),
                    lead == null ? Quantities.MISSING : p(lead.welchPHolm()),
                    lead == null ? Quantities.MISSING : p(lead.mannWhitneyPHolm()),
                    lead == null ? Quantities.MISSING : fixed(lead.hedgesG(), 2),
                    String.valueOf(lead == null ? task.score(leader).n() : lead.seeds())));
        }
        return new Block.Table(List.of("task", "train length", "scored lengths", "best variant", "score",
                "runner-up", "runner-up score", "Welch p (Holm)", "Mann-Whitney p (Holm)", "Hedges' g", "seeds"),
                rows, List.of(false, true, false, false, true, false, true, true, true, true, true));
    }

    static Block.Table versusBaseline(StudyStatistics stats) {
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : stats.baselineComparisons()) {
            rows.add(List.of(c.task(), c.variant(), meanCi(c.variantScore()), meanCi(c.referenceScore()),
                    fixed(c.variantScore().mean() - c.referenceScore().mean(), 3), p(c.welchP()), p(c.welchPHolm()),
                    p(c.mannWhitneyP()), p(c.mannWhitneyPHolm()), fixed(c.cohenD(), 2), fixed(c.hedgesG(), 2),
                    fixed(c.rankBiserial(), 2), c.variantScore().n() + " / " + c.referenceScore().n()));
        }
        return new Block.Table(List.of("task", "variant", "score", "baseline score", "difference", "Welch p",
                "Welch p (Holm)", "Mann-Whitney p", "Mann-Whitney p (Holm)", "Cohen's d", "Hedges' g",
                "rank-biserial r", "seeds"), rows, numericAfter(2, 13));
    }

    static Block.Table meanReciprocalRank(StudyStatistics stats) {
        List<String> header = new ArrayList<>(List.of("variant", "MRR"));
        stats.tasks().forEach(t -> header.add("rank on " + t.task()));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Double> e : stats.meanReciprocalRank().entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey(), fixed(e.getValue(), 3)));
            for (TaskStatistics t : stats.tasks()) {
                row.add(t.seedScores().containsKey(e.getKey()) ? String.valueOf(t.rankOf(e.getKey()))
                        : Quantities.MISSING);
            }
            rows.add(row);
        }
        return new Block.Table(header, rows, numericAfter(1, header.size()));
    }

    /** Mean ± 95% CI half-width per variant (rows) and evaluation length (columns). */
    static Block.Table byLength(TaskStatistics task) {
        List<Integer> lengths = task.byLength().values().stream().findFirst()
                .map(m -> List.copyOf(m.keySet())).orElse(List.of());
        List<String> header = new ArrayList<>(List.of("variant"));
        lengths.forEach(l -> header.add(l == task.trainLength() ? l + " (train)" : String.valueOf(l)));
        header.add("diverged seeds");
        List<List<String>> rows = new ArrayList<>();
        task.byLength().forEach((variant, perLength) -> {
            List<String> row = new ArrayList<>(List.of(variant));
            lengths.forEach(l -> row.add(meanCi(perLength.getOrDefault(l, SeedSummary.EMPTY))));
            row.add(String.valueOf(task.divergedSeeds().getOrDefault(variant, 0)));
            rows.add(row);
        });
        return new Block.Table(header, rows, numericAfter(1, header.size()));
    }

    private static List<Boolean> numericAfter(int textColumns, int columns) {
        List<Boolean> numeric = new ArrayList<>(Collections.nCopies(columns, true));
        for (int i = 0; i < textColumns; i++) {
            numeric.set(i, false);
        }
        return numeric;
    }

    private static String lengths(TaskStatistics task) {
        List<Integer> l = task.scoreLengths();
        return l.size() == 1 ? String.valueOf(l.get(0)) : l.get(0) + "–" + l.get(l.size() - 1);
    }
}
