package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.nifi.avro.LtvAvroMessageWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

/** docs/nifi.md names every property, allowable value and relationship of the bundle, and uses Title Case. */
class NifiDocumentationTest {
  private static final List<Class<? extends Processor>> PROCESSORS =
      List.of(CleanUserEvents.class, DeduplicateUserEvents.class, EngineerEventFeatures.class,
          CleanUserProfiles.class);

  private static String docs() throws IOException {
    return Files.readString(Path.of("..", "docs", "nifi.md"));
  }

  private static void assertDocumented(ConfigurableComponent component, String docs) {
    for (PropertyDescriptor property : component.getPropertyDescriptors()) {
      String name = property.getName();
      assertThat(docs).as(component.getClass().getSimpleName()).contains("| " + name + " |");
      assertThat(Character.isUpperCase(name.charAt(0)) && !name.contains("-") && !name.contains("."))
          .as(name + " is Title Case").isTrue();
      if (property.getAllowableValues() != null) {
        for (AllowableValue value : property.getAllowableValues()) {
          assertThat(docs).contains("`" + value.getValue() + "`");
        }
      }
    }
  }

  @Test
  void everyProcessorPropertyAndRelationshipIsDocumented() throws IOException {
    String docs = docs();
    for (Class<? extends Processor> type : PROCESSORS) {
      Processor processor = TestRunners.newTestRunner(type).getProcessor();
      assertDocumented(processor, docs);
      for (Relationship relationship : processor.getRelationships()) {
        assertThat(relationship.getName()).isLowerCase();
        assertThat(docs).contains("`" + relationship.getName() + "`");
      }
    }
  }

  @Test
  void theWriterServiceIsDocumented() throws IOException {
    assertDocumented(new LtvAvroMessageWriter(), docs());
  }
}
