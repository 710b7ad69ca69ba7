package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshSettingTest {

  @Test
  void defaultLeavesTheIntervalOutAndIsNamedWithWhatTheServerStored() {
    RefreshSetting setting = RefreshSetting.parse(" default ");

    assertThat(setting.isDefault()).isTrue();
    assertThat(setting.written()).isNull();
    assertThat(setting.label("10s")).isEqualTo("default (10s)");
    assertThat(setting.label(null)).isEqualTo("default (?)");
  }

  @Test
  void anIntervalIsWrittenAsGiven() {
    assertThat(RefreshSetting.parse("2s").written()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RefreshSetting.parse("1m").written()).isEqualTo(Duration.ofMinutes(1));
    assertThat(RefreshSetting.parse("500ms").written()).isEqualTo(Duration.ofMillis(500));
    assertThat(RefreshSetting.parse("1m").label("5m")).isEqualTo("1m");
  }

  @Test
  void refusesWhatIsNoInterval() {
    assertThatThrownBy(() -> RefreshSetting.parse("2 s")).hasMessageContaining("2 s");
    assertThatThrownBy(() -> RefreshSetting.parse("0s")).hasMessageContaining("0s");
    assertThatThrownBy(() -> RefreshSetting.parse("fast")).hasMessageContaining("fast");
  }

  @Test
  void theQuietWindowHoldsThreeRefreshesBetweenHalfAMinuteAndTwo() {
    assertThat(StorePhase.window(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(30));
    assertThat(StorePhase.window(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(31));
    assertThat(StorePhase.window(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(61));
    assertThat(StorePhase.window(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(2));
    assertThat(StorePhase.window(null)).isEqualTo(Duration.ofMinutes(2));
  }
}
