package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * How carefully the agent calls one store: a timeout per call, retries with exponential backoff and
 * jitter for failures that may pass, a circuit breaker that stops calling a store that keeps
 * failing, and a rate limit. All optional; the defaults suit a shared production store.
 */
public class ResilienceSpec {

  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription("Longest a single store call may take. Default 10s.")
  private String timeout;

  @Min(1)
  @Max(10)
  @JsonPropertyDescription("Attempts per call for failures that may pass. Default 3.")
  private Integer maxAttempts;

  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription(
      "Wait before the first retry; doubles each time, with jitter. Default 500ms.")
  private String initialBackoff;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Failure rate, in percent of the last 10 calls, that opens the circuit. Default 50.")
  private Integer failureRateThreshold;

  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription(
      "How long an open circuit refuses calls before trying again. Default 30s.")
  private String openDuration;

  @Min(1)
  @JsonPropertyDescription("Calls per second allowed to this store. Default 20.")
  private Integer requestsPerSecond;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public String getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(String initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public Integer getFailureRateThreshold() {
    return failureRateThreshold;
  }

  public void setFailureRateThreshold(Integer failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  public String getOpenDuration() {
    return openDuration;
  }

  public void setOpenDuration(String openDuration) {
    this.openDuration = openDuration;
  }

  public Integer getRequestsPerSecond() {
    return requestsPerSecond;
  }

  public void setRequestsPerSecond(Integer requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }
}
