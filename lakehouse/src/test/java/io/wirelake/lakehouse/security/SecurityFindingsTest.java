package io.wirelake.lakehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.query.TrafficQueries;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityFindingsTest {

  static final Instant BASE = Instant.parse("2026-11-24T14:00:00Z");
  static final TimeWindow WINDOW = new TimeWindow(BASE, BASE.plusSeconds(3600));
  static final String CARD = "4111 1111 1111 1111";
  static final String BAD_CARD = "4111 1111 1111 1112";
  static final String SSN = "123-45-6789";
  static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

  @TempDir static Path data;
  static TrafficQueries queries;
  static SecurityFindings findings;

  @BeforeAll
  static void writeCalls() throws Exception {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    Table table = catalog.loadTable(WirelakeTables.L7_TRANSACTIONS);
    List<Record> rows = new ArrayList<>();
    // orders: 9 of 10 calls carry credentials, call orders:10 does not (from workload "batch")
    for (int i = 1; i <= 10; i++) {
      boolean auth = i != 10;
      rows.add(call(table, "orders:" + i, "10.0.0.5", auth ? "frontend" : "batch", "10.0.1.1", 8080, "orders",
          "GET", "/orders/{id}", "http/1.1", auth, null, null, null, null, null));
    }
    // health: never authenticated (informational only)
    for (int i = 1; i <= 3; i++) {
      rows.add(call(table, "health:" + i, "10.0.0.6", "prober", "10.0.1.2", 8081, "health",
          "GET", "/healthz", "http/1.1", false, null, null, null, null, null));
    }
    // egress in plaintext to 93.184.216.34, with the card numbers in the request body
    rows.add(call(table, "egress:1", "10.0.0.7", "payments", "93.184.216.34", 80, null,
        "POST", "/charge", "http/1.1", true, null,
        Map.of("authorization", "Bearer [masked]"), null,
        ("{\"card\":\"" + CARD + "\",\"other\":\"" + BAD_CARD + "\"}").getBytes(StandardCharsets.ISO_8859_1), null));
    // the other planted values, all to internal servers
    rows.add(call(table, "ssn:1", "10.0.0.8", "crm", "10.0.1.3", 9000, "people",
        "GET", "/people/{id}", "http/1.1", true, null, null, Map.of("x-customer-ssn", SSN), null,
        new byte[] {0, (byte) 0xff, 1, 2}));
    rows.add(call(table, "aws:1", "10.0.0.9", "uploader", "10.0.1.4", 9001, "storage",
        "PUT", "/blobs/{id}", "http/1.1", true, null, Map.of("x-amz-key-id", AWS_KEY), null, null, null));
    rows.add(call(table, "jwt:1", "10.0.0.9", "uploader", "10.0.1.4", 9001, "storage",
        "GET", "/blobs/{id}", "http/1.1", true, null, Map.of("x-forwarded-token", JWT), null, null, null));
    // a TLS call to an external server flagged by the pipeline: egress, not plaintext
    rows.add(call(table, "tls:1", "10.0.0.7", "payments", "203.0.113.9", 443, null,
        "POST", "/v1/charges", "https", true, true, null, null, null, null));
    IcebergRows.append(table, rows);
    if (catalog instanceof AutoCloseable c) {
      c.close();
    }
    queries = TrafficQueries.open(CatalogSettings.embedded(data));
    findings = new SecurityFindings(queries, InternalNetworks.defaults());
  }

  @AfterAll
  static void close() {
    if (queries != null) {
      queries.close();
    }
  }

  static Record call(Table table, String id, String clientIp, String clientWorkload, String serverIp, int serverPort,
      String serverService, String method, String route, String protocol, boolean auth, Boolean external,
      Map<String, String> requestHeaders, Map<String, String> responseHeaders, byte[] requestBody, byte[] responseBody) {
    Record r = GenericRecord.create(table.schema());
    r.setField("id", id);
    r.setField("flow_id", id.split(":")[0]);
    r.setField("node", "node-a");
    r.setField("protocol", protocol);
    r.setField("client_ip", clientIp);
    r.setField("client_port", 40000);
    r.setField("client_workload", clientWorkload);
    r.setField("server_ip", serverIp);
    r.setField("server_port", serverPort);
    r.setField("server_service", serverService);
    r.setField("server_external", external);
    r.setField("request_ts", BASE.plusSeconds(Math.floorMod(id.hashCode(), 3000)).atOffset(ZoneOffset.UTC));
    r.setField("method", method);
    r.setField("path", route.replace("{id}", "42"));
    r.setField("route", route);
    r.setField("status", 200);
    r.setField("request_headers", requestHeaders);
    r.setField("response_headers", responseHeaders);
    r.setField("request_body", requestBody == null ? null : ByteBuffer.wrap(requestBody));
    r.setField("response_body", responseBody == null ? null : ByteBuffer.wrap(responseBody));
    r.setField("has_authorization", auth);
    return r;
  }

  static SecurityReport all() {
    return findings.find(TrafficFilter.of(WINDOW), Set.of(), 100);
  }

  @Test
  void endpointMostlyCalledWithCredentialsIsFoundWithTheCallWithout() {
    SecurityReport report = all();
    assertThat(report.missingAuth()).singleElement().satisfies(e -> {
      assertThat(e.server()).isEqualTo("orders");
      assertThat(e.method()).isEqualTo("GET");
      assertThat(e.route()).isEqualTo("/orders/{id}");
      assertThat(e.calls()).isEqualTo(10);
      assertThat(e.authenticatedCalls()).isEqualTo(9);
      assertThat(e.unauthenticatedCallers()).containsExactly("batch");
      assertThat(e.exampleCallIds()).containsExactly("orders:10");
    });
    assertThat(report.servicesWithoutAuth()).extracting(UnauthenticatedService::server).containsExactly("health");
  }

  @Test
  void externalServersAreEgressAndPlaintextHttpToThemIsFlagged() {
    SecurityReport report = all();
    assertThat(report.egress()).extracting(ExternalDestination::destination)
        .containsExactlyInAnyOrder("93.184.216.34:80", "203.0.113.9:443");
    ExternalDestination plain = report.plaintextExternal().get(0);
    assertThat(report.plaintextExternal()).hasSize(1);
    assertThat(plain.destination()).isEqualTo("93.184.216.34:80");
    assertThat(plain.clients()).containsExactly("payments");
    assertThat(plain.protocols()).containsExactly("http/1.1");
    assertThat(plain.exampleCallIds()).containsExactly("egress:1");
  }

  @Test
  void plantedSensitiveValuesAreFoundRedactedAndNothingElse() {
    assertThat(all().sensitiveData()).containsExactlyInAnyOrder(
        new SensitiveDataFinding("egress:1", "card_number", "request_body", "4111********1111"),
        new SensitiveDataFinding("ssn:1", "us_ssn", "response_header:x-customer-ssn", "***-**-6789"),
        new SensitiveDataFinding("aws:1", "aws_access_key", "request_header:x-amz-key-id", "AKIA************MPLE"),
        new SensitiveDataFinding("jwt:1", "jwt", "request_header:x-forwarded-token", "eyJhbGciOi…[redacted]"));
  }

  @Test
  void noSerialisedReportContainsARawValue() throws Exception {
    String json = new ObjectMapper().writeValueAsString(all());
    assertThat(json).contains("4111********1111");
    for (String raw : List.of(CARD, CARD.replace(" ", ""), BAD_CARD.replace(" ", ""), SSN, AWS_KEY, JWT,
        JWT.substring(JWT.indexOf('.') + 1))) {
      assertThat(json).doesNotContain(raw);
    }
  }

  @Test
  void onlyTheRequestedCategoriesAreComputed() {
    SecurityReport report = findings.find(TrafficFilter.of(WINDOW), Set.of(Category.EGRESS), 1);
    assertThat(report.egress()).hasSize(1);
    assertThat(report.egressTotal()).isEqualTo(2);
    assertThat(report.truncated()).isTrue();
    assertThat(report.missingAuth()).isEmpty();
    assertThat(report.sensitiveData()).isEmpty();
  }

  @Test
  void patternsRejectLookAlikes() {
    assertThat(SensitivePatterns.find("order 4111111111111112 ssn 000-12-3456 666-12-3456 900-12-3456 123-00-4567"
        + " 123-45-0000 AKIAshort eyJub3QiOiJqd3QifQ.eyJ4IjoxfQ.sig")).isEmpty();
    assertThat(SensitivePatterns.find("-----BEGIN RSA PRIVATE KEY-----\nMIIE..."))
        .containsExactly(new SensitivePatterns.Match("private_key", "[private key redacted]"));
    assertThat(SensitivePatterns.find("5500-0000-0000-0004"))
        .containsExactly(new SensitivePatterns.Match("card_number", "5500********0004"));
  }

  @Test
  void internalNetworksFollowTheConfiguredBlocks() {
    InternalNetworks defaults = InternalNetworks.defaults();
    assertThat(defaults.isInternal("10.1.2.3")).isTrue();
    assertThat(defaults.isInternal("172.31.255.1")).isTrue();
    assertThat(defaults.isInternal("172.32.0.1")).isFalse();
    assertThat(defaults.isInternal("fd00::1")).isTrue();
    assertThat(defaults.isInternal("::1")).isTrue();
    assertThat(defaults.isInternal("2001:db8::1")).isFalse();
    assertThat(defaults.isInternal("93.184.216.34")).isFalse();
    assertThat(InternalNetworks.of(List.of("100.64.0.0/10")).isInternal("10.0.0.1")).isFalse();
  }
}
