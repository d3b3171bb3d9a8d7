"""Drives the real QGIS desktop as an analyst would: run by ``qgis --code driver.py`` (see harness.py).

For every CrimeRisk algorithm it opens the algorithm's dialog with the sample data and temporary
outputs, presses Run (``runAlgorithm``), waits for ``algorithmFinished``, and records what the analyst
sees: the dialog's log (red lines), the layers loaded (names, legend rows top-down, expansion, renderer
classes, vector symbols and labels), a screenshot of the dialog and one of the map. Then it opens the
shipped model in the model designer and runs it from its dialog. Everything recorded goes to the JSON
file the configuration names, which the pytest side asserts on; QGIS then exits.

Configuration: the JSON file named by ``CRIMERISK_DESKTOP_CONFIG``: ``sample`` (the sample GeoPackage),
``model`` (the .model3), ``artefacts`` (folder for screenshots), ``result`` (the JSON to write),
``timeout`` (seconds per run).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import time
import traceback
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsMapLayerType,
    QgsProcessingModelAlgorithm,
    QgsProject,
    QgsRasterLayer,
    QgsRenderContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaObject, Qt, QTimer
from qgis.PyQt.QtGui import QFontMetricsF
from qgis.PyQt.QtWidgets import QApplication, QMessageBox, QTextEdit
from qgis.utils import iface, plugins

import processing
from processing.core.ProcessingConfig import ProcessingConfig

CONFIG = json.loads(Path(os.environ["CRIMERISK_DESKTOP_CONFIG"]).read_text(encoding="utf-8"))
ARTEFACTS = Path(CONFIG["artefacts"])
LANGUAGE = CONFIG["language"]
RESULT: dict = {"runs": {}, "messages": [], "language": LANGUAGE, "qgis_locale": QgsApplication.locale(),
                "errors": []}


def on_message(message: str, tag: str, level) -> None:
    RESULT["messages"].append({"tag": tag, "level": int(level), "text": message})


QgsApplication.messageLog().messageReceived.connect(on_message)


def save() -> None:
    RESULT["messages_python_errors"] = [m for m in RESULT["messages"]
                                        if m["tag"] == "Python error" or "Traceback" in m["text"]]
    Path(CONFIG["result"]).write_text(json.dumps(RESULT, indent=1, ensure_ascii=False), encoding="utf-8")


# --- what a run leaves on screen ------------------------------------------------------------------------
def screenshot(name: str) -> str:
    QApplication.processEvents()
    path = ARTEFACTS / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=False, timeout=60)
    return str(path)


def red_lines(dialog) -> tuple[str, list[str]]:
    """The dialog's log as text, and the lines it shows in red (errors)."""
    log = dialog.findChild(QTextEdit, "txtLog")
    if log is None:
        return "", ["(no log widget found)"]
    html = log.toHtml()
    reds = [re.sub(r"<[^>]+>", "", span) for span in
            re.findall(r'<span style="[^"]*color:#ff0000[^"]*">(.*?)</span>', html, flags=re.S)]
    return log.toPlainText(), [r for r in reds if r.strip()]


def legend_rows(layer) -> tuple[list[str], bool]:
    """The legend rows under ``layer`` in the Layers panel, top-down, and whether the node is expanded."""
    node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
    model = iface.layerTreeView().layerTreeModel()
    rows = [str(n.data(0)) for n in model.layerLegendNodes(node)]
    return rows, bool(node.isExpanded())


def finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def raster_record(layer: QgsRasterLayer) -> dict:
    renderer = layer.renderer()
    record = {"renderer": renderer.type(), "band_name": layer.bandName(1)}
    if renderer.type() == "singlebandpseudocolor":
        function = renderer.shader().rasterShaderFunction()
        record["items"] = [{"value": finite(i.value), "label": i.label, "colour": i.color.name(),
                            "alpha": i.color.alpha()} for i in function.colorRampItemList()]
        record["minimum"] = finite(renderer.classificationMin())
        record["maximum"] = finite(renderer.classificationMax())
        record["ramp_type"] = int(function.colorRampType())
        ramp = function.sourceColorRamp()
        record["source_ramp"] = None if ramp is None else [ramp.color(i / 4).name() for i in range(5)]
        record["page"] = symbology_page(layer)
    elif renderer.type() == "paletted":
        record["items"] = [{"value": c.value, "label": c.label, "colour": c.color.name(), "alpha": c.color.alpha()}
                           for c in renderer.classes()]
    return record


def symbology_page(layer: QgsRasterLayer) -> dict:
    """What the layer's own symbology page shows (its class list and min/max), then the same after
    pressing Classify, and the styles the analyst can switch back to."""
    from qgis.gui import QgsSingleBandPseudoColorRendererWidget
    from qgis.PyQt.QtWidgets import QPushButton

    def classes(renderer) -> dict:
        items = renderer.shader().rasterShaderFunction().colorRampItemList()
        return {"items": [{"value": finite(i.value), "label": i.label} for i in items],
                "minimum": finite(renderer.classificationMin()), "maximum": finite(renderer.classificationMax())}

    widget = QgsSingleBandPseudoColorRendererWidget(layer)
    page = classes(widget.renderer())
    next(b for b in widget.findChildren(QPushButton) if b.objectName() == "mClassifyButton").click()
    page["after_classify"] = classes(widget.renderer())
    page["styles"] = layer.styleManager().styles()
    widget.deleteLater()
    return page


def vector_record(layer: QgsVectorLayer) -> dict:
    renderer = layer.renderer()
    if renderer is None:  # a table without geometry
        return {"renderer": None, "features": layer.featureCount(), "fields": layer.fields().names()}
    symbols = []
    for symbol in renderer.symbols(QgsRenderContext()):
        first = symbol.symbolLayer(0)
        properties = first.properties()
        symbols.append({"fill": properties.get("color", ""), "outline": properties.get("outline_color", ""),
                        "outline_width": properties.get("outline_width", ""),
                        "style": properties.get("style", ""), "opacity": symbol.opacity(),
                        "layers": symbol.symbolLayerCount()})
    record = {"renderer": renderer.type(), "symbols": symbols, "labels": layer.labelsEnabled(),
              "features": layer.featureCount(), "fields": layer.fields().names()}
    if layer.labelsEnabled():
        text = layer.labeling().settings().format()
        record["label_buffer"] = text.buffer().enabled()
        record["label_size"] = text.size()
    return record


def layer_record(layer) -> dict:
    rows, expanded = legend_rows(layer)
    record = {"name": layer.name(), "source": layer.source(), "legend": rows, "expanded": expanded,
              "valid": layer.isValid()}
    if layer.type() == QgsMapLayerType.RasterLayer:
        record.update(raster_record(layer))
    elif layer.type() == QgsMapLayerType.VectorLayer:
        record.update(vector_record(layer))
    return record


# --- the runs ---------------------------------------------------------------------------------------------
def sample_layer(name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{CONFIG['sample']}|layername={name}", name, "ogr")
    QgsProject.instance().addMapLayer(layer)
    return layer


def events_parameters(events, boundary, year: bool = True) -> dict:
    values = {"INPUT": events.id(), "TIME_FIELD": "occurred", "CATEGORY_FIELD": "crime_type",
              "CATEGORIES": "burglary", "MASK": boundary.id()}
    if year:
        values.update({"START": "2020-01-01", "END": "2020-12-31"})
    return values


def run_specs(events, boundary, patrols, streets) -> list[tuple[str, str, object]]:
    """(run key, algorithm id, parameters or a function of the earlier runs' results giving them)."""
    forecast = events_parameters(events, boundary, year=False)
    year = events_parameters(events, boundary)
    every_type = {key: value for key, value in forecast.items() if key != "CATEGORIES"}
    return [
        ("kde", "crimerisk:kde", year),
        ("gistar", "crimerisk:gistar", year),
        ("emerginghotspots", "crimerisk:emerginghotspots", year),
        ("knox", "crimerisk:knox", year),
        ("nearrepeat", "crimerisk:nearrepeat", year),
        # Burglary time windows spread over their hours (aoristic), and the peak hour of each cell.
        ("trends", "crimerisk:trends", {**year, "START": "2018-01-01", "TIME_END_FIELD": "occurred_end",
                                        "OUTPUT_PEAK_HOUR": "TEMPORARY_OUTPUT"}),
        ("sepp", "crimerisk:sepp", forecast),
        ("mlforecast", "crimerisk:mlforecast", forecast),
        ("placeforecast", "crimerisk:placeforecast", forecast),
        ("backtest", "crimerisk:backtest", {**forecast, "SHIFT": "22-06"}),
        ("intervention", "crimerisk:intervention", {**every_type, "TREATED": patrols.id(),
                                                    "INTERVENTION_START": "2020-03-02",
                                                    "INTERVENTION_END": "2020-12-30"}),
        ("patrolzones_kde", "crimerisk:patrolzones", lambda done: {"INPUT": done["kde"]["results"].get("OUTPUT")}),
        ("patrolzones_sepp", "crimerisk:patrolzones",
         lambda done: {"INPUT": done["sepp"]["results"].get("OUTPUT")}),
        ("networkkde", "crimerisk:networkkde", {**without_mask(year), "NETWORK": streets.id()}),
        ("networknearrepeat", "crimerisk:networknearrepeat", {**without_mask(forecast), "NETWORK": streets.id()}),
        ("patrolroutes", "crimerisk:patrolroutes",
         lambda done: {"INPUT": done["networkkde"]["results"].get("OUTPUT"), "UNITS": 3}),
        ("networkbaseline", "crimerisk:networkbaseline", {**without_mask(forecast), "NETWORK": streets.id()}),
        ("networkbacktest", "crimerisk:networkbacktest", {**without_mask(forecast), "NETWORK": streets.id()}),
        ("networklearned", "crimerisk:networklearned", {**without_mask(forecast), "NETWORK": streets.id()}),
    ]


def without_mask(parameters: dict) -> dict:
    """The street algorithms take the network, not a study-area mask."""
    return {key: value for key, value in parameters.items() if key != "MASK"}


class Driver:
    """Runs the dialogs one after the other from Qt's event loop (a dialog run is asynchronous)."""

    def __init__(self):
        self.queue: list = []
        self.dialog = None
        self.current = None
        self.deadline = 0.0
        self.before: set[str] = set()
        self.watchdog = QTimer()
        self.watchdog.timeout.connect(self.watch)
        self.started = time.time()

    # one step at a time -------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            self.prepare()
        except Exception:  # noqa: BLE001 - everything goes to the JSON
            RESULT["errors"].append(traceback.format_exc())
            self.finish()
            return
        self.next()

    def prepare(self) -> None:
        RESULT["plugin_loaded"] = "crimerisk" in plugins
        provider = QgsApplication.processingRegistry().providerById("crimerisk")
        RESULT["provider"] = provider is not None
        RESULT["algorithms"] = {} if provider is None else {
            a.id(): {"name": a.displayName(), "group": a.group(),
                     "html_outputs": [{"name": o.name(), "description": o.description()}
                                      for o in a.outputDefinitions() if o.type() == "outputHtml"]}
            for a in provider.algorithms()}
        ProcessingConfig.setSettingValue(ProcessingConfig.KEEP_DIALOG_OPEN, True)
        iface.mainWindow().setGeometry(0, 0, 1600, 1000)  # no window manager under Xvfb: no maximising
        self.events = sample_layer("events")
        self.boundary = sample_layer("boundary")
        self.patrols = sample_layer("patrol_zones")
        self.boundary.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # outline only: the maps show through
        self.sample_ids = {self.events.id(), self.boundary.id()}
        iface.mapCanvas().setExtent(self.boundary.extent())
        self.streets = sample_layer("streets")
        self.queue = run_specs(self.events, self.boundary, self.patrols, self.streets)
        self.toolbox_record()

    def toolbox_record(self) -> None:
        """Whether each algorithm's name fits the Processing toolbox's width (names are elided there)."""
        from qgis.PyQt.QtWidgets import QDockWidget, QTreeView
        dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
        widths = {}
        if dock is not None:
            dock.show()
            QApplication.processEvents()
            tree = dock.findChild(QTreeView)
            if tree is not None:
                metrics = QFontMetricsF(tree.font())
                widths = {"toolbox_width": dock.width(),
                          "name_widths": {key: metrics.horizontalAdvance(value["name"])
                                          for key, value in RESULT["algorithms"].items()}}
                model = tree.model()
                for row in range(model.rowCount()):
                    index = model.index(row, 0)
                    if model.data(index) == "CrimeRisk":
                        tree.expandRecursively(index)
                        tree.scrollTo(index, tree.PositionAtTop)
                widths["screenshot"] = screenshot(f"{LANGUAGE}-toolbox")
        RESULT["toolbox"] = widths

    def next(self) -> None:
        if not self.queue:
            self.model_designer()
            return
        key, algorithm_id, parameters = self.queue.pop(0)
        if callable(parameters):
            parameters = parameters(RESULT["runs"])
        self.launch(key, algorithm_id, parameters)

    def launch(self, key: str, algorithm_id: str, parameters: dict, dialog=None) -> None:
        """Open the algorithm's dialog (or use ``dialog``) with ``parameters`` and press Run."""
        self.current = {"key": key, "algorithm": algorithm_id, "started": time.time(),
                        "parameters": {k: str(v) for k, v in parameters.items()}}
        self.show_only(parameters.get("INPUT"))
        self.before = set(QgsProject.instance().mapLayers())
        if dialog is None:
            dialog = processing.createAlgorithmDialog(algorithm_id, parameters)
            dialog.show()
        else:
            dialog.setParameters(parameters)
        self.dialog = dialog
        dialog.move(iface.mainWindow().width() - dialog.width() - 10, 60)
        dialog.algorithmFinished.connect(self.finished)
        self.deadline = time.time() + float(CONFIG.get("timeout", 240))
        self.watchdog.start(500)
        QTimer.singleShot(400, dialog.runAlgorithm)

    def show_only(self, keep) -> None:
        """Hide earlier results, so that each map screenshot shows one run (a raster input stays visible)."""
        root = QgsProject.instance().layerTreeRoot()
        for layer in QgsProject.instance().mapLayers().values():
            node = root.findLayer(layer.id())
            if node is not None:
                visible = layer.id() in self.sample_ids and layer.name() == "boundary" or layer.source() == keep
                node.setItemVisibilityChecked(visible)

    def watch(self) -> None:
        """Close a modal message box (recorded: it means a refused run), and give up after the timeout."""
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            self.current.setdefault("message_boxes", []).append(modal.text())
            modal.close()
            self.finished(False, {})
            return
        if time.time() > self.deadline:
            self.current["timed_out"] = True
            self.finished(False, {})

    def finished(self, successful: bool, results: dict) -> None:
        if self.current is None or "ok" in self.current:
            return
        self.watchdog.stop()
        self.current["ok"] = bool(successful)
        self.current["results"] = {k: str(v) for k, v in (results or {}).items()
                                   if k not in ("CHILD_RESULTS", "CHILD_INPUTS")}
        QTimer.singleShot(800, self.collect)

    def collect(self) -> None:
        run = self.current
        try:
            run["seconds"] = round(time.time() - run.pop("started"), 1)
            run["log"], run["red"] = red_lines(self.dialog)
            run["dialog_screenshot"] = screenshot(f"{LANGUAGE}-{run['key']}-dialog")
            new = [layer for layer_id, layer in QgsProject.instance().mapLayers().items() if layer_id not in self.before]
            root = QgsProject.instance().layerTreeRoot()
            run["layers"] = [layer_record(layer) for layer in new]
            run["layer_order"] = [node.layer().name() for node in root.findLayers()]
            self.dialog.close()
            if new:
                extent = new[0].extent()
                for layer in new[1:]:
                    extent.combineExtentWith(layer.extent())
                iface.mapCanvas().setExtent(iface.mapCanvas().mapSettings().layerExtentToOutputExtent(new[0], extent))
            iface.mapCanvas().refreshAllLayers()
        except Exception:  # noqa: BLE001
            run["driver_error"] = traceback.format_exc()
            self.dialog.close()
        QTimer.singleShot(2500, self.map_screenshot)

    def map_screenshot(self) -> None:
        run = self.current
        run["map_screenshot"] = screenshot(f"{LANGUAGE}-{run['key']}-map")
        RESULT["runs"][run["key"]] = run
        save()  # so far: a crash later still leaves what was seen
        self.current = None
        self.dialog = None
        self.next()

    # the model ----------------------------------------------------------------------------------------------
    def model_designer(self) -> None:
        try:
            from processing.modeler.ModelerDialog import ModelerDialog
            model = QgsProcessingModelAlgorithm()
            RESULT["model_loaded"] = model.fromFile(CONFIG["model"])
            # as the designer's "Open model" does: a model without a provider crashes its run dialog
            model.setProvider(QgsApplication.processingRegistry().providerById("model"))
            self.modeler = ModelerDialog.create(model)
            self.modeler.show()
            self.modeler.setGeometry(0, 0, 1600, 1000)
            QApplication.processEvents()
            RESULT["model"] = self.model_record(model)
        except Exception:  # noqa: BLE001
            RESULT["errors"].append(traceback.format_exc())
        QTimer.singleShot(1500, self.model_run)

    def model_record(self, model: QgsProcessingModelAlgorithm) -> dict:
        """Inputs in the order the model's dialog shows them, their defaults, and whether each box's
        text fits its box in the designer."""
        from qgis.gui import QgsModelComponentGraphicItem
        inputs = [{"name": p.name(), "description": p.description(), "default": str(p.defaultValue())}
                  for p in model.parameterDefinitions() if not p.isDestination()]
        boxes = []
        for item in self.modeler.view().scene().items():
            if isinstance(item, QgsModelComponentGraphicItem):
                text = item.component().description()
                metrics = QFontMetricsF(item.font())
                boxes.append({"text": text, "text_width": metrics.horizontalAdvance(text),
                              "box_width": item.component().size().width()})
        return {"inputs": inputs, "boxes": boxes}

    def model_run(self) -> None:
        """Press the designer's Run button; its dialog is modal, so it is picked up from a timer."""
        RESULT["model_screenshot"] = screenshot(f"{LANGUAGE}-model-designer")
        self.next = self.after_model  # type: ignore[method-assign]
        QTimer.singleShot(1500, self.model_dialog)
        # The Run button, pressed from the event loop as a click is (runModel() on 3.22, run() from 3.24).
        # Not trigger() from this Python slot: from 3.24 the designer runs the model's modal dialog in
        # C++, and PyQt keeps the GIL through trigger(), so the model's worker thread would crawl for
        # the GIL for as long as the dialog is open. A real click holds no GIL.
        try:
            QMetaObject.invokeMethod(self.modeler.actionRun(), "trigger", Qt.ConnectionType.QueuedConnection)
        except Exception:  # noqa: BLE001
            RESULT["errors"].append(traceback.format_exc())
            self.finish()

    def model_dialog(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not hasattr(dialog, "runAlgorithm"):
            RESULT["errors"].append(f"the model's dialog did not open ({dialog!r})")
            self.finish()
            return
        self.launch("model", "model", {"events": self.events.id()}, dialog)

    def after_model(self) -> None:
        self.finish()

    def finish(self) -> None:
        RESULT["seconds"] = round(time.time() - self.started, 1)
        RESULT["finished"] = True
        save()
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(200, lambda: os._exit(0))


DRIVER = Driver()
QTimer.singleShot(3000, DRIVER.start)
