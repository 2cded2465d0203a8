package io.wirelake.lakehouse.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

  private static final List<QueryResult.Column> COLUMNS =
      List.of(
          new QueryResult.Column("id", "STRING NOT NULL"),
          new QueryResult.Column("status", "INT"),
          new QueryResult.Column("request_ts", "TIMESTAMP_LTZ(6)"),
          new QueryResult.Column("request_headers", "MAP<STRING, STRING>"),
          new QueryResult.Column("request_body", "BYTES"));

  private static final QueryResult RESULT =
      new QueryResult(
          COLUMNS,
          List.of(
              row("t1", 200, Instant.parse("2026-11-24T14:00:00.123456Z"), headers(), "hi\n".getBytes()),
              row("", null, Instant.parse("2026-11-24T14:00:01Z"), null, null)),
          false);

  @Test
  void csvHasAHeaderCrlfEmptyNullsQuotedEmptyStringsAndJsonMaps() {
    assertThat(ResultFormat.CSV.format(RESULT))
        .isEqualTo(
            "id,status,request_ts,request_headers,request_body\r\n"
                + "t1,200,2026-11-24T14:00:00.123456Z,"
                + "\"{\"\"host\"\":\"\"shop\"\",\"\"authorization\"\":\"\"****\"\"}\",aGkK\r\n"
                + "\"\",,2026-11-24T14:00:01.000000Z,,\r\n");
  }

  @Test
  void jsonIsOneArrayOfObjectsWithNullsAndBase64Binary() {
    assertThat(ResultFormat.JSON.format(RESULT))
        .isEqualTo(
            "[\n"
                + "{\"id\":\"t1\",\"status\":200,\"request_ts\":\"2026-11-24T14:00:00.123456Z\","
                + "\"request_headers\":{\"host\":\"shop\",\"authorization\":\"****\"},"
                + "\"request_body\":\"aGkK\"},\n"
                + "{\"id\":\"\",\"status\":null,\"request_ts\":\"2026-11-24T14:00:01.000000Z\","
                + "\"request_headers\":null,\"request_body\":null}\n"
                + "]\n");
    assertThat(ResultFormat.JSON.format(new QueryResult(COLUMNS, List.of(), false)))
        .isEqualTo("[]\n");
  }

  @Test
  void tableAlignsColumnsRightAlignsNumbersAndCountsRows() {
    QueryResult result =
        new QueryResult(
            List.of(new QueryResult.Column("service", "STRING"), new QueryResult.Column("n", "BIGINT")),
            List.of(row("checkout", 12L), row("db\tx", 3L), row(null, null)),
            true);

    assertThat(ResultFormat.TABLE.format(result))
        .isEqualTo(
            " service  |  n\n"
                + "----------+----\n"
                + " checkout | 12\n"
                + " db\\tx    |  3\n"
                + "          |   \n"
                + "(3 rows, more rows not shown: row limit reached)\n");
  }

  @Test
  void formatNamesAreCaseInsensitiveAndUnknownOnesAreExplained() {
    assertThat(ResultFormat.parse("Csv")).isEqualTo(ResultFormat.CSV);
    assertThatThrownBy(() -> ResultFormat.parse("xml"))
        .hasMessage("unknown format 'xml': use table, csv or json");
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "shop");
    headers.put("authorization", "****");
    return headers;
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }
}
