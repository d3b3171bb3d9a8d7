"""What the backtest does with a street NETWORK: snap the events, add the street methods and score by
share of street length (shared by ``crimerisk:backtest`` and its ``crimerisk:networkbacktest`` preset)."""

from __future__ import annotations

from dataclasses import dataclass

from ...algorithms.evaluate import Method
from ...algorithms.events import EventSet
from ...algorithms.grid import Grid
from ...algorithms.network import StreetNetwork
from ...algorithms.network_backtest import IndexedEvents, LengthScoring, street_methods
from ..i18n import tr
from ..reports.numbers import format_number


@dataclass
class StreetRun:
    """The events on the streets (numbered for the street methods), the street methods, the scoring,
    the network and the events dropped as too far from every street."""

    events: IndexedEvents
    methods: dict[str, Method]
    scoring: LengthScoring
    net: StreetNetwork
    dropped: int
    snap_distance: float

    def facts(self) -> str:
        """The scoring in words, for the log and the report."""
        r = self.net.report
        return tr("Scored by share of street length searched (not share of area), as Rosser et al. (2017): "
                  "{} km of streets in the study area, in {} lixels of at most {:g} m; {} events snapped to them, "
                  "{} dropped as farther than {:g} m from every street (used by no method, scored for none).").format(
            format_number(self.scoring.length.sum() / 1000), format_number(self.scoring.n_units),
            r["lixel_length_m"], format_number(len(self.events)), format_number(self.dropped), self.snap_distance)


def on_streets(algorithm, parameters: dict, context, feedback, crs, events: EventSet, grid: Grid,
               space_bandwidth: float, time_bandwidth: float, half_life: float,
               learned_seed: int | None = None) -> StreetRun:
    """Read NETWORK (refused with the fix when unusable), snap ``events`` to it and build the street
    methods with these settings (the learned one with a ``learned_seed``); ``algorithm`` is a
    :class:`.network_common.NetworkAlgorithm`."""
    net = algorithm.read_network(parameters, context, feedback, crs)
    snapped = algorithm.snap(net, events, parameters, context, feedback)
    kept = snapped.kept
    on_network = IndexedEvents.of(events.subset(kept))
    lixel, position = snapped.lixel[kept], snapped.position[kept]
    with algorithm.method_errors():
        scoring = LengthScoring(net, lixel, grid)
    methods = street_methods(net, lixel, position, on_network, space_bandwidth, time_bandwidth, half_life,
                             learned_seed)
    distance = algorithm.parameterAsDouble(parameters, algorithm.SNAP_DISTANCE, context)
    run = StreetRun(on_network, methods, scoring, net, int(snapped.dropped), distance)
    feedback.pushInfo(run.facts())
    return run
