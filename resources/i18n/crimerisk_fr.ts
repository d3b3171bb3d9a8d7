<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>CrimeRisk</name>
    <message>
      <source>geographic (degrees)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not in metres</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The events layer has no CRS, so distances cannot be measured. Set the layer's CRS (Layer Properties &gt; Source) and run again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No event has coordinates that can be reprojected.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The layer's CRS {} is {}: events reprojected to {} ({}), the UTM zone of their centre. Set 'Target CRS' to choose another.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The events span {:.1f}° of longitude (or lie near a pole): no single UTM zone fits them. Choose a projected, metric CRS for the study area in 'Target CRS'.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Working CRS: {} (the target CRS you chose).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Working CRS: {} (the layer's own CRS).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Target CRS {} is not a projected CRS in metres; distances need one (for example the national grid or the UTM zone of the study area).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>no geometry</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>could not be reprojected</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>category not selected</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>outside the extent or the mask</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancelled: no output was written.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The events layer is empty: it has no features to analyse.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>missing or unreadable date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>missing or negative weight</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>outside the date range</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>(none)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No event lies inside the extent and mask. Check that they overlap the events (and their CRS).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The mask layer must hold polygons (the study area).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The mask layer has no polygon: it covers nothing.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This algorithm needs event dates: choose the date field.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The mask layer covers no cell of the grid. Check that it overlaps the events and the extent, or use a smaller cell size.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Read {} features ({}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Dropped {} events: {}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kept {} events.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The events layer holds {} geometries; CrimeRisk needs one point per event. Convert it first (e.g. Vector &gt; Geometry Tools &gt; Centroids).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No event is left after the filters: {}. Widen the date range or the category list.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown category {}: the category field holds {}. Check the spelling (case does not matter).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cell size must be a positive distance in metres (got {}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Field '{}' is not in the events layer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No event has a valid date in field '{}'. Use a Date or DateTime field, or text such as 2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The grid would have {:,} cells, more than the limit of {:,} (about {:.0f} MB per band). Use a cell size of {:g} m or more, a smaller extent, or raise the limit under Advanced parameters.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hotspots</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Near repeat</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Forecast</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Evaluation</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source />
      <translation type="unfinished" />
    </message>
    <message>
      <source>Point layer of crime events, one point (or multi-point) per event. Respects 'selected features only'.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional hour of day (0-23, or HH:MM text) used when the date field holds no time.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Field holding the crime type (category) of each event.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crime types to analyse, separated by ';' (or ','); empty keeps every type. Case does not matter; an unknown type is an error that lists the types present.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First day of events to use (inclusive). Empty: from the first event.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last day of events to use (inclusive, the whole day). Empty: up to the last event.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cell size (metres)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Side of a grid cell in metres. 150 m is the PredPol cell; smaller cells show more detail but need more events per cell.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Area to map. Empty: the mask's extent, or else the events' extent plus one bandwidth.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional polygons of the study area (e.g. the commune or district boundary). Cells whose centre lies outside are nodata; events outside are dropped and counted.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Projected CRS in metres to work in. Empty: the events layer's CRS when it is projected in metres, else the UTM zone of the events' centre (named in the log).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory guard: grids with more cells are refused with the cell size that would fit (50 million cells take about 200 MB per band).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The day the forecast period starts (midnight). Only events strictly before it are used. Empty: the day after the last event.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Length of the forecast period in days: 1 for the next day, 7 for the next week, 0.333 for an 8-hour shift.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Seed of the random steps: the same seed gives the same output.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Write a .qml style beside each raster and style the loaded layer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reading events...</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Events (points)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Date field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Date or date-time of each event: a Date/DateTime field, or text such as 2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30. Events without a readable date are dropped and counted.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hour field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crime type field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Crime types to keep</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>From date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>To date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Extent</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Study area mask (polygons)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Target CRS</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Largest grid allowed (cells)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Forecast from (as of)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Horizon (days)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Random seed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HTML files (*.html)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No history before AS_OF: the first event is on or after the forecast start. Choose a later AS_OF or include earlier events.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Style the output</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The events layer could not be opened.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parameters used:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Forecast period: {} for {:g} days, from {} events before it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Grid: {} rows x {} columns of {:g} m ({} cells inside the study area).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Parameters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional here: needed for the date range and per-day units.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>'{}' is not a date; use the form 2024-03-05.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kernel density hotspots</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Radius (bandwidth, metres)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kernel radius in metres (for the Gaussian kernel: its standard deviation). 0 chooses it from the data with Scott's rule; the log gives the value and the rule. Typical urban values: 200-600 m.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quartic (default, as CrimeStat and the QGIS heatmap), Gaussian (truncated at 4 standard deviations), Epanechnikov, triangular or uniform.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Optional numeric weight of each event (e.g. a seriousness score). Missing or negative weights drop the event.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Density in events per km², or expected events per cell per day over the period analysed (from the date range, else from the first to the last event).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>GeoTIFF of the density (float32, nodata outside the study area), styled by risk percentile.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Kernel shape</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Weight field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Output values</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hotspot density</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Radius used (metres)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Events used</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Where has crime concentrated? A retrospective hotspot map: the kernel density of the selected events on a grid, as in CrimeStat and the QGIS heatmap, but binned and computed by FFT so that a million events take seconds.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Method</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Each event spreads one unit (or its weight) over a disc of the chosen radius with the chosen kernel shape; the map is the sum. Events are linearly binned to the cell centres and convolved with the kernel by FFT; the result matches the exact sum to well under 1% of the maximum. The style shades the top 1%, 5%, 10%, 20% and 50% of cells.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Caveats</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A hotspot map shows where recorded crime was, not where crime will be: recording and patrol patterns shape it. The radius drives the picture more than the kernel; compare methods with the backtest before deploying patrols.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>References</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>'Expected events per cell per day' needs the date field.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Events per km²</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Expected events per cell per day (needs dates)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>CrimeRisk: predictive crime mapping</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The output folder {} does not exist: create it or choose another.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The output folder {} cannot be written: choose another.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Could not create {}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>rest (below the top 50% of cells)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>no data</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>top {:g}% of cells</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Could not create the output {}.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
