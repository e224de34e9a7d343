package io.ltvstream.nifi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * One output FlowFile of a record-splitting processor, created on its first record only, so that a
 * relationship that gets no records gets no empty FlowFile.
 */
final class RecordOutput {
  static final String RECORD_COUNT = "record.count";

  private final ProcessSession session;
  private final FlowFile parent;
  private final RecordSetWriterFactory factory;
  private final RecordSchema schema;
  private final ComponentLog log;
  private FlowFile child;
  private RecordSetWriter writer;
  private WriteResult result;

  RecordOutput(ProcessSession session, FlowFile parent, RecordSetWriterFactory factory, RecordSchema schema,
      ComponentLog log) {
    this.session = session;
    this.parent = parent;
    this.factory = factory;
    this.schema = schema;
    this.log = log;
  }

  void write(Record record) throws IOException, SchemaNotFoundException {
    if (writer == null) {
      child = session.create(parent);
      OutputStream out = session.write(child);
      RecordSchema writeSchema = factory.getSchema(parent.getAttributes(), schema);
      writer = factory.createWriter(log, writeSchema, out, parent);
      writer.beginRecordSet();
    }
    writer.write(record);
  }

  int count() {
    return result == null ? 0 : result.getRecordCount();
  }

  /** Ends the record set; the FlowFile, with record.count and mime.type, or null when no record came. */
  FlowFile finish(Map<String, String> extraAttributes) throws IOException {
    if (writer == null) {
      return null;
    }
    result = writer.finishRecordSet();
    String mimeType = writer.getMimeType();
    writer.close();
    writer = null;
    Map<String, String> attributes = new HashMap<>(result.getAttributes());
    attributes.put(RECORD_COUNT, Integer.toString(result.getRecordCount()));
    if (mimeType != null) {
      attributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
    }
    attributes.putAll(extraAttributes);
    child = session.putAllAttributes(child, attributes);
    return child;
  }

  /** Closes quietly and drops the FlowFile (finished or not), after a failure. */
  void discard() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        log.debug("Closing an abandoned record writer failed", e);
      }
      writer = null;
    }
    if (child != null) {
      session.remove(child);
      child = null;
    }
  }
}
