package io.ltvstream.nifi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

/** NiFi's own record readers and writers (nifi-record-serialization-services), added to a runner. */
final class RecordServices {
  static final String JSON_READER = "json-reader";
  static final String CSV_READER = "csv-reader";
  static final String AVRO_READER = "avro-reader";
  static final String AVRO_WRITER = "avro-writer";
  static final String JSON_WRITER = "json-writer";

  private RecordServices() {}

  /** Adds and enables all five with their defaults (schemas inferred, embedded or inherited). */
  static void addAll(TestRunner runner) throws InitializationException {
    JsonTreeReader json = new JsonTreeReader();
    runner.addControllerService(JSON_READER, json);
    runner.enableControllerService(json);

    CSVReader csv = new CSVReader();
    runner.addControllerService(CSV_READER, csv);
    runner.enableControllerService(csv);

    AvroReader avro = new AvroReader();
    runner.addControllerService(AVRO_READER, avro);
    runner.enableControllerService(avro);

    AvroRecordSetWriter avroWriter = new AvroRecordSetWriter();
    runner.addControllerService(AVRO_WRITER, avroWriter);
    runner.enableControllerService(avroWriter);

    JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
    runner.addControllerService(JSON_WRITER, jsonWriter);
    runner.enableControllerService(jsonWriter);
  }

  /** Reads an Avro container FlowFile as the project's generated type (by schema resolution). */
  static <T extends SpecificRecord> List<T> readAvro(MockFlowFile flowFile, Class<T> type) throws IOException {
    List<T> records = new ArrayList<>();
    try (DataFileStream<T> stream = new DataFileStream<>(
        new ByteArrayInputStream(flowFile.toByteArray()), new SpecificDatumReader<>(type))) {
      stream.forEach(records::add);
    }
    return records;
  }
}
