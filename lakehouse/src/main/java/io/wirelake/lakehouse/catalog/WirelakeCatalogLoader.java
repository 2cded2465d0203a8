package io.wirelake.lakehouse.catalog;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/** A Flink {@link CatalogLoader} that opens catalogs the way {@link CatalogFactory#open} does. */
final class WirelakeCatalogLoader implements CatalogLoader {

  private static final long serialVersionUID = 1L;

  private final CatalogSettings settings;

  WirelakeCatalogLoader(CatalogSettings settings) {
    this.settings = settings;
  }

  @Override
  public Catalog loadCatalog() {
    return CatalogFactory.open(settings);
  }

  @Override
  @SuppressWarnings({"checkstyle:NoClone", "checkstyle:SuperClone"})
  public CatalogLoader clone() {
    return new WirelakeCatalogLoader(settings);
  }

  @Override
  public String toString() {
    return "WirelakeCatalogLoader[" + settings + "]";
  }
}
