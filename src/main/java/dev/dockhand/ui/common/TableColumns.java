package dev.dockhand.ui.common;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;

import java.util.List;

/** Column widths that follow the content, so short values (ids, addresses, times) are never cut. */
public final class TableColumns {

    /** Room for the cell's padding and the header's sort arrow. */
    private static final double PADDING = 26;
    /** No column is widened beyond this: long text has its tooltip. */
    private static final double MOST = 320;

    private TableColumns() {
    }

    /**
     * Widens each column to its widest header or cell text. Only widens: a width the user dragged larger
     * stays, and the columns do not jump as rows come and go (one dragged narrower than its values is widened
     * back at the next update).
     */
    public static <S> void widenToContent(TableView<S> table, List<TableColumn<S, String>> columns) {
        widenToContent(table, columns, table.getItems());
    }

    /** Like {@link #widenToContent(TableView, List)}, measuring only {@code rows} (the ones just added). */
    public static <S> void widenToContent(TableView<S> table, List<TableColumn<S, String>> columns, List<? extends S> rows) {
        // The theme's font, as a cell draws it; headers are drawn bold.
        javafx.scene.text.Font font = table.lookup(".table-cell") instanceof javafx.scene.control.Labeled cell ? cell.getFont()
                : table.lookup(".column-header .label") instanceof javafx.scene.control.Labeled label ? label.getFont()
                : javafx.scene.text.Font.getDefault();
        Text measure = new Text();
        measure.setFont(font);
        Text header = new Text();
        header.setFont(javafx.scene.text.Font.font(font.getFamily(), javafx.scene.text.FontWeight.BOLD, font.getSize()));
        for (TableColumn<S, String> column : columns) {
            if (!column.isVisible()) {
                continue;
            }
            double widest = width(header, column.getText());
            for (S row : rows) {
                var value = column.getCellObservableValue(row);
                widest = Math.max(widest, width(measure, value == null ? null : value.getValue()));
            }
            double wanted = Math.min(MOST, Math.ceil(widest + PADDING));
            if (wanted > column.getWidth()) {
                column.setPrefWidth(wanted);
            }
        }
    }

    private static double width(Text measure, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        measure.setText(text);
        return measure.getLayoutBounds().getWidth();
    }
}
