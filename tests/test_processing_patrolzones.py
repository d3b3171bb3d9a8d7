"""crimerisk:patrolzones through processing.run on small rasters with known answers."""

import re

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import NULL, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

import processing

NODATA = -9999.0
CELL = 100.0
X0, Y0 = 650000.0, 6860000.0  # top-left corner, Lambert-93
# A 6 x 8 map: one L-shaped group (9, 8, 7), a vertical pair (5, 4), a lone 3, ones elsewhere,
# one nodata cell. Total of the valid cells: 9+8+7+5+4+3 + 41 x 1 = 77.
RISK = np.ones((6, 8))
RISK[1, 1], RISK[1, 2], RISK[2, 1] = 9, 8, 7
RISK[2, 5], RISK[3, 5] = 5, 4
RISK[4, 7] = 3
RISK[5, 0] = NODATA
TOTAL = 77.0


def write_raster(path, values, epsg=2154, cell=(CELL, CELL), origin=(X0, Y0), measure="expected_events"):
    """A risk raster; ``measure`` is the CrimeRisk metadata saying what it holds (None: none, as any
    raster made elsewhere)."""
    driver = gdal.GetDriverByName("GTiff")
    dataset = driver.Create(str(path), values.shape[1], values.shape[0], 1, gdal.GDT_Float32)
    if measure:
        dataset.SetMetadata({"CRIMERISK_MEASURE": measure})
    dataset.SetGeoTransform((origin[0], cell[0], 0.0, origin[1], 0.0, -cell[1]))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.WriteArray(values)
    dataset = None
    return str(path)


def zones(path):
    layer = QgsVectorLayer(path, "zones", "ogr")
    assert layer.isValid()
    return layer, sorted(({**dict(zip(layer.fields().names(), f.attributes())), "geometry": f.geometry()}
                          for f in layer.getFeatures()), key=lambda z: z["rank"])


def run(tmp_path, raster, **parameters):
    out = str(tmp_path / "zones.gpkg")
    result = processing.run("crimerisk:patrolzones", {"INPUT": raster, "OUTPUT": out, **parameters})
    return result, out


def test_top_cells_form_the_expected_ranked_zones_shared_among_units(crimerisk_provider, tmp_path):
    raster = write_raster(tmp_path / "risk.tif", RISK)
    result, out = run(tmp_path, raster, BUDGET=6, BUDGET_UNIT=0, UNITS=2)
    layer, found = zones(out)
    assert layer.crs().authid() == "EPSG:2154"
    # (cells, expected events, unit): LPT gives zone 1 (24) to unit 1, then 9 and 3 to unit 2.
    expected = [(3, 24.0, 1), (2, 9.0, 2), (1, 3.0, 2)]
    assert [z["rank"] for z in found] == [1, 2, 3]
    for zone, (cells, events, unit) in zip(found, expected):
        assert zone["cells"] == cells
        assert zone["geometry"].area() == pytest.approx(cells * CELL * CELL)
        assert zone["area_km2"] == pytest.approx(cells * CELL * CELL / 1e6)
        assert zone["expected_events"] == pytest.approx(events)
        assert zone["share_captured"] == pytest.approx(events / TOTAL)
        assert zone["unit"] == unit
    # The first zone is exactly the three cells (1,1), (1,2), (2,1).
    box = found[0]["geometry"].boundingBox()
    assert (box.xMinimum(), box.xMaximum()) == (X0 + CELL, X0 + 3 * CELL)
    assert (box.yMinimum(), box.yMaximum()) == (Y0 - 3 * CELL, Y0 - CELL)
    assert result["ZONES"] == 3 and result["SELECTED_CELLS"] == 6 == result["BUDGET_CELLS"]
    assert result["EXPECTED_EVENTS"] == pytest.approx(36.0)
    assert result["SHARE_CAPTURED"] == pytest.approx(36.0 / TOTAL)


@pytest.mark.parametrize("measure", ["other", None])
def test_a_density_is_reported_as_shares_not_expected_events(crimerisk_provider, tmp_path, measure):
    """A KDE (events per km²) or an unknown raster: the zones are the same, but no "expected events"
    (NULL, and no number output) and the log says why; the shares of the raster's total stay."""
    raster = write_raster(tmp_path / "density.tif", np.where(RISK == NODATA, NODATA, RISK * 1000.0), measure=measure)
    log = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            log.append(info)

    out = str(tmp_path / "zones.gpkg")
    result = processing.run("crimerisk:patrolzones", {"INPUT": raster, "OUTPUT": out, "BUDGET": 6,
                                                      "BUDGET_UNIT": 0, "UNITS": 2}, feedback=Feedback())
    _, found = zones(out)
    assert [z["cells"] for z in found] == [3, 2, 1]
    assert all(z["expected_events"] == NULL for z in found)
    assert [z["share_captured"] for z in found] == pytest.approx([24 / TOTAL, 9 / TOTAL, 3 / TOTAL])
    assert result["EXPECTED_EVENTS"] is None
    text = "\n".join(log)
    assert not re.search(r"\d expected events", text)
    assert "of the raster's total" in text and "e+" not in text


@pytest.mark.parametrize("budget, unit, minimum, cells", [
    (10, 2, 1, [3, 1]),  # 10% of 47 valid cells = 4.7 -> 4 cells: 9, 8, 7 and 5
    (0.035, 1, 1, [3]),  # 0.035 km² = 3.5 cells -> 3
    # Minimum 2 cells, budget 4: the pair (5, 4) needs 2 cells but only 1 is left after (9, 8, 7), so the last
    # cell goes to the best neighbour of that zone, a cell of value 1 (the zone of 4 cells is 25 events).
    (4, 0, 2, [4]),
])
def test_budget_is_never_exceeded(crimerisk_provider, tmp_path, budget, unit, minimum, cells):
    raster = write_raster(tmp_path / "risk.tif", RISK)
    result, out = run(tmp_path, raster, BUDGET=budget, BUDGET_UNIT=unit, MIN_ZONE_CELLS=minimum)
    _, found = zones(out)
    assert [z["cells"] for z in found] == cells
    assert sum(cells) <= result["BUDGET_CELLS"]
    assert all(z["unit"] == 0 for z in found)


def test_output_is_styled_by_rank_with_labels(crimerisk_provider, tmp_path):
    raster = write_raster(tmp_path / "risk.tif", RISK)
    _, out = run(tmp_path, raster, BUDGET=6, BUDGET_UNIT=0, UNITS=2)
    qml = tmp_path / "zones.qml"
    assert qml.exists()
    layer = QgsVectorLayer(out, "zones", "ogr")
    assert layer.loadNamedStyle(str(qml))[1]
    renderer = layer.renderer()
    assert renderer.type() == "graduatedSymbol" and renderer.classAttribute() == "rank"
    assert [r.label() for r in renderer.ranges()] == ["rank 1", "rank 2", "rank 3"]
    assert layer.labelsEnabled() and "unit" in layer.labeling().settings().fieldName


def test_eight_connectivity_joins_corner_neighbours(crimerisk_provider, tmp_path):
    values = np.zeros((3, 3))
    values[0, 0], values[1, 1], values[2, 2] = 3, 2, 1
    raster = write_raster(tmp_path / "diagonal.tif", values)
    _, out = run(tmp_path, raster, BUDGET=3, BUDGET_UNIT=0, CONNECTIVITY="8")
    _, found = zones(out)
    assert len(found) == 1 and found[0]["cells"] == 3 and found[0]["expected_events"] == pytest.approx(6.0)
    _, out = run(tmp_path, raster, BUDGET=3, BUDGET_UNIT=0, CONNECTIVITY="4")
    assert [z["cells"] for z in zones(out)[1]] == [1, 1, 1]


@pytest.mark.parametrize("epsg, cell, message", [(4326, (0.001, 0.001), "not metres"),
                                                 (2154, (100.0, 50.0), "not square")])
def test_geographic_or_non_square_rasters_are_refused(crimerisk_provider, tmp_path, epsg, cell, message):
    origin = (2.35, 48.85) if epsg == 4326 else (X0, Y0)
    raster = write_raster(tmp_path / "bad.tif", RISK, epsg=epsg, cell=cell, origin=origin)
    out = tmp_path / "zones.gpkg"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("crimerisk:patrolzones", {"INPUT": raster, "OUTPUT": str(out)})
    assert not out.exists()


def test_negative_risk_is_refused(crimerisk_provider, tmp_path):
    raster = write_raster(tmp_path / "z.tif", RISK - 2.0)
    with pytest.raises(QgsProcessingException, match="negative values"):
        processing.run("crimerisk:patrolzones", {"INPUT": raster, "OUTPUT": str(tmp_path / "zones.gpkg")})


def test_layer_loaded_by_processing_is_styled_by_the_post_processor(crimerisk_provider, tmp_path):
    from qgis.core import QgsProject

    raster = write_raster(tmp_path / "risk.tif", RISK)
    project = QgsProject.instance()
    try:
        for style, renderer in ((True, "graduatedSymbol"), (False, "singleSymbol")):
            project.removeAllMapLayers()
            processing.runAndLoadResults("crimerisk:patrolzones", {"INPUT": raster, "BUDGET": 6, "BUDGET_UNIT": 0,
                                                                   "STYLE": style, "OUTPUT": "TEMPORARY_OUTPUT"})
            [layer] = project.mapLayers().values()
            assert layer.featureCount() == 3
            assert layer.renderer().type() == renderer and layer.labelsEnabled() == style
    finally:
        project.removeAllMapLayers()


def test_tied_cells_follow_the_seed_not_the_position(crimerisk_provider, tmp_path):
    values = np.ones((6, 6), dtype=np.float32)  # every cell tied: the inner cells, then the seed decide
    raster = write_raster(tmp_path / "flat.tif", values)

    def chosen(seed, name):
        out = str(tmp_path / f"{name}.gpkg")
        processing.run("crimerisk:patrolzones", {"INPUT": raster, "OUTPUT": out, "BUDGET": 3, "BUDGET_UNIT": 0,
                                                  "SEED": seed, "STYLE": False})
        layer, found = zones(out)
        return sorted(round(z["geometry"].centroid().asPoint().y()) for z in found)

    assert chosen(1, "a") == chosen(1, "b")  # one seed, one answer
    rows = {tuple(chosen(seed, f"s{seed}")) for seed in range(6)}
    assert len(rows) > 1  # the tied cells are not always the same (not row-major)
