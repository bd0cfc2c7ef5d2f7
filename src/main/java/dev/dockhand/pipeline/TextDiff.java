package dev.dockhand.pipeline;

import java.util.ArrayList;
import java.util.List;

/** A line diff of two texts in unified format, to show what replacing a user's file would change. */
public final class TextDiff {

    /** One line of the diff: ' ' unchanged, '-' only in the old text, '+' only in the new one. */
    public record Line(char kind, String text) {
        @Override
        public String toString() {
            return kind + text;
        }
    }

    private TextDiff() {
    }

    /** Every line of both texts, marked; computed with a longest-common-subsequence table. */
    public static List<Line> lines(String oldText, String newText) {
        String[] a = oldText.split("\n", -1);
        String[] b = newText.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line(' ', a[i++]));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line('-', a[i++]));
            } else {
                out.add(new Line('+', b[j++]));
            }
        }
        while (i < a.length) {
            out.add(new Line('-', a[i++]));
        }
        while (j < b.length) {
            out.add(new Line('+', b[j++]));
        }
        return out;
    }

    /** Unified diff text with headers, or an empty string when the texts are equal. */
    public static String unified(String oldName, String oldText, String newName, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- " + oldName + "\n+++ " + newName + "\n");
        for (Line line : lines(oldText, newText)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
