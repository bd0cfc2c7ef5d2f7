package dev.dockhand.bench;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Analysis time of a project, and of the largest fixture (a monorepo), with and without 100k files in
 * node_modules and build folders and a large .git, measured in the same run. Target: ratio under 1.2 (ignored trees are not walked). Run with {@code mvn -Pbench verify}.
 */
@Tag("benchmark")
class AnalysisBenchmark {

    private static final int RUNS = 21;
    private static final double TARGET_RATIO = 1.2;

    @TempDir
    Path temp;

    @Test
    void ignoredTreesCostNothing() throws Exception {
        compare("node-express-issues", null, "node_modules");
    }

    /** The largest fixture, a pnpm + Turborepo monorepo, with installed and built trees in every package. */
    @Test
    void monorepoIgnoredTreesCostNothing() throws Exception {
        compare("node-pnpm-turbo", "apps/web", "node_modules", "apps/web/node_modules", "apps/web/.next",
                "apps/api/node_modules", ".turbo");
    }

    private void compare(String fixture, String workspacePackage, String... heavyTrees) throws Exception {
        Path plain = Fixtures.copy(fixture, temp.resolve("plain"));
        Path heavy = Fixtures.copy(fixture, temp.resolve("heavy"));
        long made = System.nanoTime();
        int ignored = 0;
        for (String tree : heavyTrees) {
            ignored += fill(heavy.resolve(tree), 1000 / heavyTrees.length, 100, "module.exports = require('fs').writeFileSync;\n");
        }
        int gitObjects = fill(heavy.resolve(".git/objects"), 256, 80, "x".repeat(512));
        System.out.printf("%s: made %,d files in %s and %,d in .git in %.1f s%n", fixture,
                ignored, String.join(", ", heavyTrees), gitObjects, (System.nanoTime() - made) / 1e9);

        ProjectAnalyzer analyzer = new ProjectAnalyzer();
        for (int i = 0; i < 5; i++) { // warm-up: class loading and JIT
            analyzer.analyze(plain, workspacePackage);
            analyzer.analyze(heavy, workspacePackage);
        }
        long[] plainTimes = new long[RUNS];
        long[] heavyTimes = new long[RUNS];
        ProjectAnalysis plainResult = null;
        ProjectAnalysis heavyResult = null;
        for (int i = 0; i < RUNS; i++) { // interleaved, so drift in machine load hits both alike
            long t0 = System.nanoTime();
            plainResult = analyzer.analyze(plain, workspacePackage);
            long t1 = System.nanoTime();
            heavyResult = analyzer.analyze(heavy, workspacePackage);
            long t2 = System.nanoTime();
            plainTimes[i] = t1 - t0;
            heavyTimes[i] = t2 - t1;
        }
        double plainMedian = median(plainTimes) / 1e6;
        double heavyMedian = median(heavyTimes) / 1e6;
        double ratio = heavyMedian / plainMedian;
        System.out.println();
        System.out.println("Analysis benchmark, " + fixture + " (median of " + RUNS + " runs)");
        System.out.printf("  without ignored trees : %8.2f ms  (%d files and folders visited)%n", plainMedian, plainResult.filesVisited());
        System.out.printf("  with %,d-file ignored trees and a large .git : %8.2f ms  (%d visited)%n", ignored, heavyMedian, heavyResult.filesVisited());
        System.out.printf("  ratio %.3f   target < %.1f   %s%n", ratio, TARGET_RATIO, ratio < TARGET_RATIO ? "MET" : "NOT MET");
    }

    private static int fill(Path dir, int folders, int filesPerFolder, String content) throws Exception {
        int count = 0;
        for (int d = 0; d < folders; d++) {
            Path folder = Files.createDirectories(dir.resolve("pkg" + d));
            for (int f = 0; f < filesPerFolder; f++) {
                Files.writeString(folder.resolve("f" + f + ".js"), content);
                count++;
            }
        }
        return count;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
