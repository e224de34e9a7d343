package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.cleaning.Pseudonymizer;
import java.time.LocalDate;
import java.util.List;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CleanUserProfiles with NiFi's own CSV reader and Avro and JSON writers. */
class CleanUserProfilesTest {
  private static final String CSV = String.join("\n",
      "customer,age,sex,country,source,joined,tier",
      "alice@example.com, 25-34 ,F,United Kingdom,Search,2023-12-01,gold",
      ",35-44,M,France,Social,2023-12-02,silver",
      "bob@example.com,,,,,01/12/2023,",
      "carol@example.com,,,,,,") + "\n";
  private TestRunner runner;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = TestRunners.newTestRunner(CleanUserProfiles.class);
    RecordServices.addAll(runner);
    runner.setProperty(CleanUserProfiles.RECORD_READER, RecordServices.CSV_READER);
    runner.setProperty(CleanUserProfiles.RECORD_WRITER, RecordServices.AVRO_WRITER);
    runner.setProperty(CleanUserProfiles.USER_ID_FIELD, "customer");
    runner.setProperty(CleanUserProfiles.AGE_BAND_FIELD, "age");
    runner.setProperty(CleanUserProfiles.GENDER_FIELD, "sex");
    runner.setProperty(CleanUserProfiles.REGION_FIELD, "country");
    runner.setProperty(CleanUserProfiles.ACQUISITION_CHANNEL_FIELD, "source");
    runner.setProperty(CleanUserProfiles.SIGNUP_DATE_FIELD, "joined");
    runner.setProperty(CleanUserProfiles.KEPT_ATTRIBUTE_FIELDS, "tier");
    runner.setProperty(CleanUserProfiles.PSEUDONYMIZATION_KEY, "s3cret");
  }

  @Test
  void profilesAreMappedNormalizedAndPseudonymizedLikeEvents() throws Exception {
    runner.enqueue(CSV);
    runner.run();

    runner.assertTransferCount(CleanUserProfiles.REL_VALID, 1);
    runner.assertTransferCount(CleanUserProfiles.REL_INVALID, 1);
    runner.assertTransferCount(CleanUserProfiles.REL_FAILURE, 0);
    List<UserProfile> profiles = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserProfiles.REL_VALID).get(0), UserProfile.class);
    assertThat(profiles).hasSize(2);
    Pseudonymizer sameAsEvents = Pseudonymizer.withKey("s3cret");
    UserProfile alice = profiles.get(0);
    assertThat(alice.getUserId()).isEqualTo(sameAsEvents.pseudonymize("alice@example.com"));
    assertThat(alice.getAgeBand()).isEqualTo("25-34");
    assertThat(alice.getGender()).isEqualTo("f");
    assertThat(alice.getRegion()).isEqualTo("united kingdom");
    assertThat(alice.getAcquisitionChannel()).isEqualTo("search");
    assertThat(alice.getSignupDate()).isEqualTo(LocalDate.parse("2023-12-01"));
    assertThat(alice.getAttributes()).containsEntry("tier", "gold");
    UserProfile carol = profiles.get(1);
    assertThat(carol.getAgeBand()).isNull();
    assertThat(carol.getSignupDate()).isNull();
  }

  @Test
  void invalidRecordsCarryTheirReasonAndNoRawIdLeavesOnValid() throws Exception {
    runner.setProperty(CleanUserProfiles.RECORD_WRITER, RecordServices.JSON_WRITER);
    runner.enqueue(CSV);
    runner.run();

    MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanUserProfiles.REL_INVALID).get(0);
    JsonNode rejected = new ObjectMapper().readTree(invalid.getContent());
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).get(CleanUserEvents.REJECT_REASON_FIELD).asText()).isEqualTo("missing_user_id");
    assertThat(rejected.get(1).get(CleanUserEvents.REJECT_REASON_FIELD).asText()).isEqualTo("unparsable_signup_date");
    assertThat(rejected.get(1).get(CleanUserEvents.REJECT_DETAIL_FIELD).asText()).contains("01/12/2023");
    invalid.assertAttributeEquals(CleanUserEvents.REASONS_ATTRIBUTE, "missing_user_id,unparsable_signup_date");
    String valid = runner.getFlowFilesForRelationship(CleanUserProfiles.REL_VALID).get(0).getContent();
    assertThat(valid).doesNotContain("alice").doesNotContain("carol");
  }
}
