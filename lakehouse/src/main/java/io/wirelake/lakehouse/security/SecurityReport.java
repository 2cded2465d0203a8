package io.wirelake.lakehouse.security;

import java.util.List;
import java.util.Set;

/**
 * What {@link SecurityFindings} found. Every list holds at most the requested limit; the totals
 * count everything found. Categories that were not requested are empty.
 *
 * @param plaintextExternal external destinations reached with plaintext HTTP (http/1.1 or http/2)
 * @param callsScanned API calls read in the window
 */
public record SecurityReport(
    Set<Category> categories,
    List<UnauthenticatedEndpoint> missingAuth,
    long missingAuthTotal,
    List<UnauthenticatedService> servicesWithoutAuth,
    long servicesWithoutAuthTotal,
    List<ExternalDestination> egress,
    long egressTotal,
    List<ExternalDestination> plaintextExternal,
    long plaintextExternalTotal,
    List<SensitiveDataFinding> sensitiveData,
    long sensitiveDataTotal,
    long callsScanned) {

  /** True if any list was cut at the limit. */
  public boolean truncated() {
    return missingAuth.size() < missingAuthTotal
        || servicesWithoutAuth.size() < servicesWithoutAuthTotal
        || egress.size() < egressTotal
        || plaintextExternal.size() < plaintextExternalTotal
        || sensitiveData.size() < sensitiveDataTotal;
  }
}
