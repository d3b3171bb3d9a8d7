"""The shared event pipeline on good and bad input, through crimerisk:kde."""

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

import processing


def memory_layer(geometry: str, crs: str, points=(), fields="&field=when:string&field=kind:string", values=()):
    layer = QgsVectorLayer(f"{geometry}?crs={crs}{fields}", "events", "memory")
    features = []
    for i, point in enumerate(points):
        feature = QgsFeature(layer.fields())
        if point is not None:
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*point)))
        if values:
            feature.setAttributes(list(values[i]))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(out, **parameters):
    return processing.run("crimerisk:kde", {"OUTPUT": str(out), **parameters})


def assert_refused(tmp_path, message, **parameters):
    out = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match=message):
        run(out, **parameters)
    assert list(tmp_path.iterdir()) == [], "a refused run must leave no file behind"


def test_empty_layer(crimerisk_provider, tmp_path):
    assert_refused(tmp_path, "empty", INPUT=memory_layer("Point", "EPSG:2154"))


def test_all_geometries_null(crimerisk_provider, tmp_path):
    layer = memory_layer("Point", "EPSG:2154", [None, None], values=[("2020-01-01", "a")] * 2)
    assert_refused(tmp_path, "No feature of the events layer has a point geometry", INPUT=layer)


def test_line_layer(crimerisk_provider, tmp_path):
    layer = QgsVectorLayer("LineString?crs=EPSG:2154", "lines", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("LINESTRING(0 0, 100 100)"))
    layer.dataProvider().addFeatures([feature])
    assert_refused(tmp_path, "one point per event", INPUT=layer)


def test_no_valid_dates(crimerisk_provider, tmp_path):
    points = [(1000.0 * i, 1000.0) for i in range(5)]
    layer = memory_layer("Point", "EPSG:2154", points, values=[("not a date", "a")] * 5)
    assert_refused(tmp_path, "No event has a valid date.*2024-03-05", INPUT=layer, TIME_FIELD="when", RADIUS=500)


def test_grid_past_the_guard_names_a_cell_size_that_fits(crimerisk_provider, tmp_path):
    layer = memory_layer("Point", "EPSG:2154", [(0.0, 0.0), (50_000.0, 50_000.0)], values=[("", "a")] * 2)
    assert_refused(tmp_path, r"Use a cell size of \d+ m or more", INPUT=layer, CELL_SIZE=1, RADIUS=100,
                   MAX_CELLS=1_000_000)


def test_geographic_layer_is_reprojected_to_utm(crimerisk_provider, tmp_path, raster_reader):
    rng = np.random.default_rng(0)
    lon, lat = 2.35 + rng.normal(0, 0.01, 200), 48.85 + rng.normal(0, 0.01, 200)  # Paris: UTM 31N
    layer = memory_layer("Point", "EPSG:4326", list(zip(lon, lat)), values=[("2020-01-01", "a")] * 200)
    out = tmp_path / "paris.tif"
    result = run(out, INPUT=layer, RADIUS=300, CELL_SIZE=100)
    _, transform, projection = raster_reader(result["OUTPUT"])
    assert "UTM zone 31N" in projection
    assert 440_000 < transform[0] < 460_000 and transform[1] == 100


def test_geographic_layer_spanning_a_continent_needs_a_target(crimerisk_provider, tmp_path):
    layer = memory_layer("Point", "EPSG:4326", [(-5.0, 48.0), (20.0, 45.0)], values=[("", "a")] * 2)
    assert_refused(tmp_path, "Target CRS", INPUT=layer, RADIUS=1000, CELL_SIZE=1000)


def test_layer_without_crs(crimerisk_provider, tmp_path):
    layer = memory_layer("Point", "", [(0.0, 0.0), (10.0, 10.0)], values=[("", "a")] * 2)
    assert_refused(tmp_path, "no CRS", INPUT=layer, RADIUS=100)


def test_text_dates_day_first_with_hour_and_date_range(crimerisk_provider, tmp_path):
    points = [(1000.0 + 10 * i, 1000.0) for i in range(4)]
    values = [("31/12/2019 23:00", "a"), ("01/01/2020", "a"), ("2020-01-15T08:00", "b"), ("2020-02-01", "a")]
    layer = memory_layer("Point", "EPSG:2154", points, values=values)
    result = run(tmp_path / "a.tif", INPUT=layer, TIME_FIELD="when", START="2020-01-01", END="2020-01-31",
                 RADIUS=200, CELL_SIZE=50)
    assert result["EVENTS"] == 2


def test_output_folder_missing(crimerisk_provider, tmp_path):
    layer = memory_layer("Point", "EPSG:2154", [(0.0, 0.0), (100.0, 100.0)], values=[("", "a")] * 2)
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run(tmp_path / "missing" / "out.tif", INPUT=layer, RADIUS=100, CELL_SIZE=10)
    assert not (tmp_path / "missing").exists()


def test_geopackage_without_attribute_fields(crimerisk_provider, tmp_path, raster_reader):
    from osgeo import ogr, osr

    path = str(tmp_path / "bare.gpkg")
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    layer = dataset.CreateLayer("points", reference, ogr.wkbPoint)
    for i in range(20):
        feature = ogr.Feature(layer.GetLayerDefn())
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(650_000.0 + 37 * i, 6_860_000.0 + 11 * i)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    dataset = None
    result = run(tmp_path / "bare.tif", INPUT=f"{path}|layername=points", RADIUS=300, CELL_SIZE=50)
    assert result["EVENTS"] == 20


def test_same_field_for_date_and_category(crimerisk_provider, tmp_path):
    points = [(1000.0 + 10 * i, 1000.0) for i in range(3)]
    layer = memory_layer("Point", "EPSG:2154", points, values=[("2020-01-01", "a")] * 3)
    result = run(tmp_path / "same.tif", INPUT=layer, TIME_FIELD="when", CATEGORY_FIELD="when",
                 CATEGORIES="2020-01-01", RADIUS=200, CELL_SIZE=50)
    assert result["EVENTS"] == 3


def test_user_extent_is_kept_even_with_events_beyond_it(crimerisk_provider, tmp_path, raster_reader):
    points = [(1000.0 + 50 * i, 1000.0 + 50 * i) for i in range(30)]  # up to 2450, 2450
    layer = memory_layer("Point", "EPSG:2154", points, values=[("", "a")] * 30)
    result = run(tmp_path / "extent.tif", INPUT=layer, RADIUS=200, CELL_SIZE=100,
                 EXTENT="1000,2000,1000,2000 [EPSG:2154]")
    values, transform, _ = raster_reader(result["OUTPUT"])
    assert values.shape == (10, 10) and transform[0] == 1000 and transform[3] == 2000
    assert result["EVENTS"] == 20  # the 10 events at or beyond x, y = 2000 are outside


def test_crime_types_without_a_crime_type_field_are_refused(crimerisk_provider, tmp_path):
    """A filter on crime types with no field to read them from would silently use every event."""
    points = [(1000.0 * i, 1000.0) for i in range(5)]
    layer = memory_layer("Point", "EPSG:2154", points, values=[("2020-01-01", "burglary")] * 5)
    assert_refused(tmp_path, "no crime type field is chosen.*CATEGORY_FIELD", INPUT=layer, CATEGORIES="burglary",
                   RADIUS=500)
