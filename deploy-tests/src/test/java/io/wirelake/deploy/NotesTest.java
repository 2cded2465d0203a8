package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NotesTest {

  @Test
  void notesTellHowToConnectAnMcpClientWithTheBearerToken() throws Exception {
    String notes = Chart.production().withOperatorApis().notes();

    assertThat(notes).contains("kubectl -n " + Chart.NAMESPACE + " port-forward svc/" + Chart.name("mcp") + " 8080:8080");
    assertThat(notes).contains("get secret wirelake-mcp-token -o jsonpath='{.data.token}' | base64 -d");
    String json = notes.substring(notes.indexOf('{', notes.indexOf("<TOKEN>:")), notes.lastIndexOf('}') + 1);
    JsonNode server = new ObjectMapper().readTree(json).path("mcpServers").path("wirelake");
    assertThat(server.path("url").asText()).isEqualTo("http://127.0.0.1:8080/mcp");
    assertThat(server.path("type").asText()).isEqualTo("http");
    assertThat(server.path("headers").path("Authorization").asText()).isEqualTo("Bearer <TOKEN>");
  }

  @Test
  void notesNameWhatWasCreatedWhenTheOperatorsArePresent() {
    String notes = Chart.production().withOperatorApis().notes();

    assertThat(notes).contains("(Strimzi cluster \"" + Chart.name("kafka") + "\", created by this release)")
        .contains("Flink jobs: " + Chart.name("flink-pipeline"))
        .doesNotContain("WARNING");
  }

  @Test
  void notesWarnWhenTheOperatorApisAreMissing() {
    String notes = Chart.defaults().notes();

    assertThat(notes).contains("does not serve kafka.strimzi.io/v1, so no Kafka was created")
        .contains("does not serve flink.apache.org/v1beta1, so no Flink job was created");
  }

  @Test
  void notesSayKafkaIsExternalWhenItIs() {
    String notes = Chart.defaults().set("kafka.create", false).set("kafka.bootstrapServers", "kafka.example:9092")
        .notes();

    assertThat(notes).contains("Kafka: kafka.example:9092 (external)").doesNotContain("Strimzi");
  }
}
