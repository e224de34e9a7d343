import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The synthetic shop with dimensions that SyntheticDimensionsGainTest trains on (420 days from
 * 2024-01-01, acquisition over 70% of them, no dirt), as two flat CSVs for tools/gini_ceiling.py:
 * {@code shopSEED-events.csv} (user, epoch millis, event type, amount, brand) and {@code
 * shopSEED-profiles.csv} (user, acquisition channel, age band).
 *
 * <p>"$JAVA_HOME/bin/java" -cp "$(cat ltv-cli/target/ltv.classpath)" tools/ShopTable.java SEED USERS OUT_DIR
 * (a JDK 21+, as .mvn/find-jdk.sh finds; after ./ltv --help has built ltv-cli).
 */
public class ShopTable {
  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int users = Integer.parseInt(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    SyntheticShop shop = SyntheticShop.withDimensions(ShopConfig.defaults().withSeed(seed).withUsers(users)
        .withDays(420).withStart(LocalDate.of(2024, 1, 1)).withDirt(0, 0, 0, 0).withAcquisitionShare(0.7));
    try (PrintWriter out = new PrintWriter(dir.resolve("shop" + seed + "-events.csv").toFile())) {
      for (ShopRecord record : shop.stream().toList()) {
        if (record.kind() == RecordKind.CLEAN) {
          UserEvent e = record.event();
          String brand = e.getAttributes() == null ? "" : e.getAttributes().getOrDefault("brand", "");
          out.println(String.join(",", e.getUserId(), Long.toString(e.getEventTime().toEpochMilli()),
              e.getEventType().toString(), Double.toString(e.getAmount()), brand));
        }
      }
    }
    try (PrintWriter out = new PrintWriter(dir.resolve("shop" + seed + "-profiles.csv").toFile())) {
      for (UserProfile p : shop.profiles()) {
        out.println(String.join(",", p.getUserId(), p.getAcquisitionChannel(), p.getAgeBand()));
      }
    }
  }
}
