<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>CrimeRisk</name>
    <message>
      <source>The covariate raster '{}' is not a file GDAL can read (provider {}): save it as a GeoTIFF and use that file.</source>
      <translation>Le raster de covariable « {} » n'est pas un fichier lisible par GDAL (fournisseur {}) : enregistrez-le en GeoTIFF et utilisez ce fichier.</translation>
    </message>
    <message>
      <source>The covariate raster '{}' could not be resampled onto the grid: {}</source>
      <translation>Le raster de covariable « {} » n'a pas pu être rééchantillonné sur la grille : {}</translation>
    </message>
    <message>
      <source>The feature layer '{}' is not a vector layer.</source>
      <translation>La couche d'entités « {} » n'est pas une couche vecteur.</translation>
    </message>
    <message>
      <source>geographic (degrees)</source>
      <translation>géographique (en degrés)</translation>
    </message>
    <message>
      <source>not in metres</source>
      <translation>non métrique</translation>
    </message>
    <message>
      <source>The events layer has no CRS, so distances cannot be measured. Set the layer's CRS (Layer Properties &gt; Source) and run again.</source>
      <translation>La couche des faits n'a pas de SCR : les distances ne peuvent pas être mesurées. Définissez le SCR de la couche (Propriétés de la couche &gt; Source) et relancez.</translation>
    </message>
    <message>
      <source>No event has coordinates that can be reprojected.</source>
      <translation>Aucun fait n'a de coordonnées reprojetables.</translation>
    </message>
    <message>
      <source>The layer's CRS {} is {}: events reprojected to {} ({}), the UTM zone of their centre. Set 'Target CRS' to choose another.</source>
      <translation>Le SCR {} de la couche est {} : faits reprojetés en {} ({}), la zone UTM de leur centre. Renseignez « SCR cible » pour en choisir un autre.</translation>
    </message>
    <message>
      <source>The events' coordinates (e.g. {}, {}) are not longitudes and latitudes, though the layer's CRS says degrees: the layer's CRS is missing or wrong. Set the CRS the coordinates are really in (Layer Properties &gt; Source, or Vector &gt; Data Management Tools &gt; Assign Projection) and run again.</source>
      <translation>Les coordonnées des faits (par ex. {}, {}) ne sont pas des longitudes et latitudes, alors que le SCR de la couche annonce des degrés : le SCR de la couche est absent ou erroné. Définissez le SCR dans lequel les coordonnées sont réellement exprimées (Propriétés de la couche &gt; Source, ou Vecteur &gt; Outils de gestion de données &gt; Définir la projection) et relancez.</translation>
    </message>
    <message>
      <source>The events span {}° of longitude (or lie near a pole): no single UTM zone fits them. Choose a projected, metric CRS for the study area in 'Target CRS'.</source>
      <translation>Les faits s'étendent sur {}° de longitude (ou sont proches d'un pôle) : aucune zone UTM unique ne les couvre. Choisissez dans « SCR cible » un SCR projeté métrique adapté à la zone d'étude.</translation>
    </message>
    <message>
      <source>Working CRS: {} (the target CRS you chose).</source>
      <translation>SCR de travail : {} (le SCR cible choisi).</translation>
    </message>
    <message>
      <source>Working CRS: {} (the layer's own CRS).</source>
      <translation>SCR de travail : {} (le SCR de la couche).</translation>
    </message>
    <message>
      <source>Target CRS {} is not a projected CRS in metres; distances need one (for example the national grid or the UTM zone of the study area).</source>
      <translation>Le SCR cible {} n'est pas un SCR projeté en mètres ; les distances en exigent un (par exemple la projection nationale, comme Lambert-93, ou la zone UTM de la zone d'étude).</translation>
    </message>
    <message>
      <source>The output '{}' would be written into {}, which is read by this run as '{}': writing it could destroy your data. Choose another file for this output.</source>
      <translation>La sortie « {} » serait écrite dans {}, que ce traitement lit comme « {} » : l'écrire pourrait détruire vos données. Choisissez un autre fichier pour cette sortie.</translation>
    </message>
    <message>
      <source>The output '{}' is {}, but CrimeRisk writes rasters as GeoTIFF only. Use a file name ending in .tif.</source>
      <translation>La sortie « {} » est {}, mais CrimeRisk n'écrit les rasters qu'en GeoTIFF. Utilisez un nom de fichier se terminant par .tif.</translation>
    </message>
    <message>
      <source>The output '{}' names the existing folder {}: give a file name inside it instead.</source>
      <translation>La sortie « {} » désigne le dossier existant {} : indiquez plutôt un nom de fichier à l'intérieur de ce dossier.</translation>
    </message>
    <message>
      <source>no geometry</source>
      <translation>sans géométrie</translation>
    </message>
    <message>
      <source>could not be reprojected</source>
      <translation>non reprojetable</translation>
    </message>
    <message>
      <source>time window ends before it starts</source>
      <translation>fenêtre horaire qui finit avant de commencer</translation>
    </message>
    <message>
      <source>time window longer than the limit</source>
      <translation>fenêtre horaire plus longue que la limite</translation>
    </message>
    <message>
      <source>category not selected</source>
      <translation>catégorie non sélectionnée</translation>
    </message>
    <message>
      <source>outside the extent or the mask</source>
      <translation>hors de l'emprise ou du masque</translation>
    </message>
    <message>
      <source>Cancelled: no output was written.</source>
      <translation>Annulé : aucune sortie n'a été écrite.</translation>
    </message>
    <message>
      <source>The events layer has no geometry: it is a table without points. For a CSV, add it again with Layer &gt; Add Layer &gt; Add Delimited Text Layer, choosing the X and Y columns, their CRS and, for a French spreadsheet, the comma as decimal separator; or geocode the addresses first.</source>
      <translation>La couche des faits n'a pas de géométrie : c'est une table sans points. Pour un CSV, ajoutez-le à nouveau avec Couche &gt; Ajouter une couche &gt; Ajouter une couche de texte délimité, en choisissant les colonnes X et Y, leur SCR et, pour un tableur français, la virgule comme séparateur décimal ; ou géocodez d'abord les adresses.</translation>
    </message>
    <message>
      <source>The events layer is empty: it has no features to analyse. Choose a layer with at least one point (and check any filter or selection on it).</source>
      <translation>La couche des faits est vide : elle n'a aucune entité à analyser. Choisissez une couche d'au moins un point (et vérifiez tout filtre ou sélection appliqué).</translation>
    </message>
    <message>
      <source>missing or unreadable date</source>
      <translation>date manquante ou illisible</translation>
    </message>
    <message>
      <source>missing or negative weight</source>
      <translation>poids manquant ou négatif</translation>
    </message>
    <message>
      <source>outside the date range</source>
      <translation>hors de la période</translation>
    </message>
    <message>
      <source>An end of time window field (TIME_END_FIELD) is chosen without a date field: choose the field holding when each event's window starts (TIME_FIELD).</source>
      <translation>Un champ de fin de fenêtre horaire (TIME_END_FIELD) est choisi sans champ de date : choisissez le champ qui indique quand commence la fenêtre de chaque événement (TIME_FIELD).</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(aucune)</translation>
    </message>
    <message>
      <source>No event lies inside the extent and mask. Check that they overlap the events (and their CRS).</source>
      <translation>Aucun fait ne se trouve dans l'emprise et le masque. Vérifiez qu'ils recouvrent les faits (et leur SCR).</translation>
    </message>
    <message>
      <source>The mask layer must hold polygons (the study area).</source>
      <translation>La couche masque doit contenir des polygones (la zone d'étude).</translation>
    </message>
    <message>
      <source>The mask layer has no CRS, so it cannot be placed over the events. Set the mask layer's CRS (Layer Properties &gt; Source) and run again.</source>
      <translation>La couche de masque n'a pas de SCR : elle ne peut pas être superposée aux faits. Définissez le SCR de la couche de masque (Propriétés de la couche &gt; Source) et relancez.</translation>
    </message>
    <message>
      <source>The mask layer has no polygon: it covers nothing. Choose the polygons of the study area, or leave the mask empty.</source>
      <translation>La couche de masque n'a aucun polygone : elle ne couvre rien. Choisissez les polygones de la zone d'étude, ou laissez le masque vide.</translation>
    </message>
    <message>
      <source>This algorithm needs event dates: choose the date field.</source>
      <translation>Cet algorithme a besoin des dates des faits : choisissez le champ de date.</translation>
    </message>
    <message>
      <source>{} of {} events have a time window (field '{}'); median length {} hours. They are spread over the hours of their window (aoristic weights) where the method allows.</source>
      <translation>{} événements sur {} ont une fenêtre horaire (champ « {} ») ; durée médiane {} heures. Ils sont répartis sur les heures de leur fenêtre (poids aoristiques) là où la méthode le permet.</translation>
    </message>
    <message>
      <source>Field '{}' holds numbers such as {}, not dates. Choose the field that holds the date of each event, or convert this one to dates with the field calculator.</source>
      <translation>Le champ « {} » contient des nombres comme {}, pas des dates. Choisissez le champ qui contient la date de chaque fait, ou convertissez celui-ci en dates avec la calculatrice de champs.</translation>
    </message>
    <message>
      <source>The grid would have {} cells, more than the limit of {} (about {} MB per band). Use a cell size of {} m or more, a smaller extent, or raise the limit under Advanced parameters.</source>
      <translation>La grille aurait {} cellules, au-delà de la limite de {} (environ {} Mo par bande). Utilisez une taille de cellule d'au moins {} m, une emprise plus petite, ou relevez la limite dans les paramètres avancés.</translation>
    </message>
    <message>
      <source>The mask layer covers no cell of the grid. Check that it overlaps the events and the extent, or use a smaller cell size.</source>
      <translation>La couche masque ne couvre aucune cellule de la grille. Vérifiez qu'elle recouvre les faits et l'emprise, ou utilisez une taille de cellule plus petite.</translation>
    </message>
    <message>
      <source>Read {} features ({}).</source>
      <translation>{} entités lues ({}).</translation>
    </message>
    <message>
      <source>Dropped {} events: {}.</source>
      <translation>{} faits écartés : {}.</translation>
    </message>
    <message>
      <source>Kept {} events.</source>
      <translation>{} faits conservés.</translation>
    </message>
    <message>
      <source>The events layer holds {} geometries; CrimeRisk needs one point per event. Convert it first (e.g. Vector &gt; Geometry Tools &gt; Centroids).</source>
      <translation>La couche des faits contient des géométries de type {} ; CrimeRisk a besoin d'un point par fait. Convertissez-la d'abord (par ex. Vecteur &gt; Outils de géométrie &gt; Centroïdes).</translation>
    </message>
    <message>
      <source>'Crime types to keep' lists {} but no crime type field is chosen, so the types cannot be told apart. Choose the crime type field (CATEGORY_FIELD), or empty the list to use every event.</source>
      <translation>« Types d'infraction à conserver » indique {}, mais aucun champ du type d'infraction n'est choisi : les types ne peuvent pas être distingués. Choisissez le champ du type d'infraction (CATEGORY_FIELD), ou videz la liste pour utiliser tous les faits.</translation>
    </message>
    <message>
      <source>The events layer says it holds {} features but only {} could be read: the file may be damaged. Repair or re-export it (e.g. Export &gt; Save Features As) and run again.</source>
      <translation>La couche des faits annonce {} entités mais seules {} ont pu être lues : le fichier est peut-être endommagé. Réparez-le ou réexportez-le (par ex. Exporter &gt; Sauvegarder les entités sous) et relancez.</translation>
    </message>
    <message>
      <source>No feature of the events layer has a point geometry: all {} are empty. Geocode the events first, or choose the layer that holds their points.</source>
      <translation>Aucune entité de la couche des faits n'a de géométrie ponctuelle : les {} sont vides. Géocodez d'abord les faits, ou choisissez la couche qui contient leurs points.</translation>
    </message>
    <message>
      <source>No event is left after the filters: {}. Widen the date range or the category list.</source>
      <translation>Aucun fait ne reste après les filtres : {}. Élargissez la période ou la liste des catégories.</translation>
    </message>
    <message>
      <source>No event could be reprojected from the layer's CRS {} to {}: the coordinates do not fit the layer's CRS, which is probably missing or wrong. Set the CRS the coordinates are really in (Layer Properties &gt; Source) and run again.</source>
      <translation>Aucun fait n'a pu être reprojeté du SCR de la couche {} vers {} : les coordonnées ne correspondent pas au SCR de la couche, probablement absent ou erroné. Définissez le SCR dans lequel les coordonnées sont réellement exprimées (Propriétés de la couche &gt; Source) et relancez.</translation>
    </message>
    <message>
      <source>The window end field is the date field itself ('{}'): choose the field holding the end of each event's window, or leave TIME_END_FIELD empty.</source>
      <translation>Le champ de fin de fenêtre est le champ de date lui-même (« {} ») : choisissez le champ qui contient la fin de la fenêtre de chaque événement, ou laissez TIME_END_FIELD vide.</translation>
    </message>
    <message>
      <source>The window end field '{}' holds {} values but the date field '{}' holds {} values: the two must be of the same kind (both dates, or both texts written the same way). Choose a matching end field, or convert one of them with the field calculator.</source>
      <translation>Le champ de fin de fenêtre « {} » contient des valeurs de type {} mais le champ de date « {} » des valeurs de type {} : les deux doivent être de même nature (deux dates, ou deux textes écrits de la même façon). Choisissez un champ de fin qui corresponde, ou convertissez l'un des deux avec la calculatrice de champs.</translation>
    </message>
    <message>
      <source>No value of the window end field '{}' reads as a date. Use the same formats as the date field (2024-03-05T14:30, 05/03/2024 14:30), or leave TIME_END_FIELD empty.</source>
      <translation>Aucune valeur du champ de fin de fenêtre « {} » ne se lit comme une date. Utilisez les mêmes formats que pour le champ de date (2024-03-05T14:30, 05/03/2024 14:30), ou laissez TIME_END_FIELD vide.</translation>
    </message>
    <message>
      <source>Every event's window end (field '{}') comes before its start (field '{}'): the two fields are probably swapped. Swap TIME_FIELD and TIME_END_FIELD.</source>
      <translation>La fin de fenêtre de chaque événement (champ « {} ») précède son début (champ « {} ») : les deux champs sont probablement inversés. Échangez TIME_FIELD et TIME_END_FIELD.</translation>
    </message>
    <message>
      <source>All {} time windows are longer than the limit of {} days (median {} hours): no event could be placed in time. Raise the longest window (MAX_WINDOW_DAYS), or check that the end field '{}' holds the end of each event's window.</source>
      <translation>Les {} fenêtres horaires dépassent toutes la limite de {} jours (médiane {} heures) : aucun événement ne peut être situé dans le temps. Relevez la fenêtre la plus longue admise (MAX_WINDOW_DAYS), ou vérifiez que le champ de fin « {} » contient bien la fin de la fenêtre de chaque événement.</translation>
    </message>
    <message>
      <source>{} events lie far from all the others (e.g. at {} in the working CRS), probably geocoding errors such as addresses placed at 0,0: they stretch the map and its extent. Check them, and drop them with a filter on the layer, an extent (EXTENT) or a study area mask (MASK).</source>
      <translation>{} faits se trouvent loin de tous les autres (par ex. en {} dans le SCR de travail), probablement des erreurs de géocodage comme des adresses placées en 0,0 : ils étirent la carte et son emprise. Vérifiez-les, et écartez-les par un filtre sur la couche, une emprise (EXTENT) ou un masque de la zone d'étude (MASK).</translation>
    </message>
    <message>
      <source>{} events ({}) are exact copies of another one (same place, time and crime type): the layer may hold records exported twice. Remove the duplicates if they are not separate crimes.</source>
      <translation>{} faits ({}) sont des copies exactes d'un autre (même lieu, même date et heure, même type d'infraction) : la couche contient peut-être des enregistrements exportés deux fois. Supprimez les doublons s'il ne s'agit pas d'infractions distinctes.</translation>
    </message>
    <message>
      <source>Field '{}' holds numbers such as {}, which look like spreadsheet serial day numbers, not dates. Format the column as dates in the spreadsheet (or as text such as 2024-03-05 14:30) before exporting, or convert it with the field calculator.</source>
      <translation>Le champ « {} » contient des nombres comme {}, qui ressemblent à des numéros de série de jours de tableur, pas à des dates. Mettez la colonne au format date dans le tableur (ou en texte comme 2024-03-05 14:30) avant l'export, ou convertissez-la avec la calculatrice de champs.</translation>
    </message>
    <message>
      <source>The dates in field '{}' mix day/month/year and month/day/year texts (e.g. {}): no single order reads them all. Correct the column, or set the date format (DATE_FORMAT) to the order most of them use and check how many are dropped.</source>
      <translation>Les dates du champ « {} » mêlent des textes jour/mois/année et mois/jour/année (par ex. {}) : aucun ordre unique ne les lit toutes. Corrigez la colonne, ou réglez le format de date (DATE_FORMAT) sur l'ordre de la plupart d'entre elles et vérifiez combien de faits sont écartés.</translation>
    </message>
    <message>
      <source>The dates in field '{}' are month first (US style, e.g. '{}'): read as month/day/year. If that is wrong, set the date format (DATE_FORMAT) to day first.</source>
      <translation>Les dates du champ « {} » commencent par le mois (style américain, par ex. « {} ») : elles sont lues comme mois/jour/année. Si c'est faux, réglez le format de date (DATE_FORMAT) sur « jour en premier ».</translation>
    </message>
    <message>
      <source>No date text in field '{}' has a number above 12 before or after the month, so day/month and month/day cannot be told apart: read as day/month/year. If they are month/day/year (US style), set the date format (DATE_FORMAT) to month first.</source>
      <translation>Aucune date texte du champ « {} » n'a de nombre supérieur à 12 avant ou après le mois : jour/mois et mois/jour ne peuvent pas être distingués, elles sont lues comme jour/mois/année. S'il s'agit de mois/jour/année (style américain), réglez le format de date (DATE_FORMAT) sur « mois en premier ».</translation>
    </message>
    <message>
      <source>Unknown category {}: the category field holds {}. Check the spelling (case does not matter).</source>
      <translation>Catégorie inconnue {} : le champ de catégorie contient {}. Vérifiez l'orthographe (la casse est ignorée).</translation>
    </message>
    <message>
      <source>Cell size must be a positive distance in metres (got {}).</source>
      <translation>La taille de cellule doit être une distance positive en mètres (valeur reçue : {}).</translation>
    </message>
    <message>
      <source>The mask layer's polygons cannot be placed in {}: their coordinates do not fit the mask layer's CRS ({}), which is missing or wrong. Set the CRS they are really in (Layer Properties &gt; Source) and run again.</source>
      <translation>Les polygones de la couche de masque ne peuvent pas être placés dans {} : leurs coordonnées ne correspondent pas au SCR de la couche de masque ({}), absent ou erroné. Définissez le SCR dans lequel ils sont réellement exprimés (Propriétés de la couche &gt; Source) et relancez.</translation>
    </message>
    <message>
      <source>Field '{}' is not in the events layer.</source>
      <translation>Le champ « {} » n'existe pas dans la couche des faits.</translation>
    </message>
    <message>
      <source>No event has a valid date in field '{}'. Use a Date or DateTime field, or text such as 2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30.</source>
      <translation>Aucun fait n'a de date valide dans le champ « {} ». Utilisez un champ Date ou DateTime, ou du texte comme 2024-03-05, 2024-03-05T14:30 ou 05/03/2024 14:30.</translation>
    </message>
    <message>
      <source>Crime types differing only by case or spaces are counted as one, '{}': {}.</source>
      <translation>Les types d'infraction qui ne diffèrent que par la casse ou les espaces sont comptés comme un seul, « {} » : {}.</translation>
    </message>
    <message>
      <source>{} events end before they start (field '{}'): dropped. Correct them, or keep them at their start time with WINDOW_POLICY.</source>
      <translation>{} événements finissent avant de commencer (champ « {} ») : écartés. Corrigez-les, ou gardez-les à leur heure de début avec WINDOW_POLICY.</translation>
    </message>
    <message>
      <source>{} events end before they start (field '{}'): kept at their start time.</source>
      <translation>{} événements finissent avant de commencer (champ « {} ») : gardés à leur heure de début.</translation>
    </message>
    <message>
      <source>{} events have a window longer than {} days: dropped. Raise MAX_WINDOW_DAYS, or keep them with WINDOW_POLICY.</source>
      <translation>{} événements ont une fenêtre de plus de {} jours : écartés. Relevez MAX_WINDOW_DAYS, ou gardez-les avec WINDOW_POLICY.</translation>
    </message>
    <message>
      <source>{} events have a window longer than {} days: kept, spread over their whole window.</source>
      <translation>{} événements ont une fenêtre de plus de {} jours : gardés, répartis sur toute leur fenêtre.</translation>
    </message>
    <message>
      <source>{} events are dated far from all the others (e.g. {}), probably typing errors or default dates. Check them, and drop them with the date range (START and END).</source>
      <translation>{} faits sont datés loin de tous les autres (par ex. {}), probablement des erreurs de saisie ou des dates par défaut. Vérifiez-les, et écartez-les avec la période (START et END).</translation>
    </message>
    <message>
      <source>The grid would have {} cells, more than the limit of {}, because {} events lie far from all the others (e.g. at {} in the working CRS), probably geocoding errors such as addresses placed at 0,0. Remove them with a filter on the layer, an extent (EXTENT) or a study area mask (MASK) rather than enlarging the cells.</source>
      <translation>La grille aurait {} cellules, au-delà de la limite de {}, parce que {} faits se trouvent loin de tous les autres (par ex. en {} dans le SCR de travail), probablement des erreurs de géocodage comme des adresses placées en 0,0. Écartez-les par un filtre sur la couche, une emprise (EXTENT) ou un masque de la zone d'étude (MASK) plutôt que d'agrandir les cellules.</translation>
    </message>
    <message>
      <source>The output folder {} is a file, not a folder: choose another output path.</source>
      <translation>Le dossier de sortie {} est un fichier, pas un dossier : choisissez un autre chemin de sortie.</translation>
    </message>
    <message>
      <source>The output folder {} does not exist: create it or choose another.</source>
      <translation>Le dossier de sortie {} n'existe pas : créez-le ou choisissez-en un autre.</translation>
    </message>
    <message>
      <source>CrimeRisk writes rasters as GeoTIFF only: use a file name ending in .tif instead of {}.</source>
      <translation>CrimeRisk n'écrit les rasters qu'en GeoTIFF : utilisez un nom de fichier se terminant par .tif au lieu de {}.</translation>
    </message>
    <message>
      <source>The output folder {} cannot be written: choose another.</source>
      <translation>Impossible d'écrire dans le dossier de sortie {} : choisissez-en un autre.</translation>
    </message>
    <message>
      <source>Could not create {}.</source>
      <translation>Impossible de créer {}.</translation>
    </message>
    <message>
      <source>QGIS feature iterator</source>
      <translation>itérateur d'entités QGIS</translation>
    </message>
    <message>
      <source>Could not create the output {}.</source>
      <translation>Impossible de créer la sortie {}.</translation>
    </message>
    <message>
      <source>(no value)</source>
      <translation>(sans valeur)</translation>
    </message>
    <message>
      <source>The zones layer has no polygon: it covers nothing. Choose a layer with zone polygons.</source>
      <translation>La couche des zones n'a aucun polygone : elle ne couvre rien. Choisissez une couche de polygones de zones.</translation>
    </message>
    <message>
      <source>The zones layer holds {} geometries; zones must be polygons (e.g. districts or patrol beats). Choose a polygon layer, or leave the zones empty for trends over the whole area.</source>
      <translation>La couche des zones contient des géométries de type {} ; les zones doivent être des polygones (par ex. circonscriptions ou secteurs de patrouille). Choisissez une couche de polygones, ou laissez les zones vides pour des tendances sur l'ensemble du territoire.</translation>
    </message>
    <message>
      <source>Field '{}' is not in the zones layer.</source>
      <translation>Le champ « {} » n'existe pas dans la couche des zones.</translation>
    </message>
    <message>
      <source>Backtest against baselines</source>
      <translation>Test rétrospectif</translation>
    </message>
    <message>
      <source>COVERAGES is empty: give percentages of the study area, e.g. 1,5,10,20</source>
      <translation>COVERAGES est vide : donnez des pourcentages de la zone d'étude, par exemple 1,5,10,20</translation>
    </message>
    <message>
      <source>Start of the first test fold (midnight). Each method forecasts every fold from the events strictly before that fold only. Empty: the folds end at midnight on the day of the last event.</source>
      <translation>Début de la première période de test (minuit). Chaque méthode prévoit chaque période uniquement à partir des faits strictement antérieurs à celle-ci. Vide : les périodes se terminent à minuit le jour du dernier fait.</translation>
    </message>
    <message>
      <source>Number of rolling forecast origins (test periods). More folds give tighter intervals.</source>
      <translation>Nombre d'origines de prévision glissantes (périodes de test). Plus de périodes donnent des intervalles plus resserrés.</translation>
    </message>
    <message>
      <source>Length of each test period in days: 7 scores weekly forecasts, 1 daily ones.</source>
      <translation>Durée de chaque période de test en jours : 7 évalue des prévisions hebdomadaires, 1 des prévisions quotidiennes.</translation>
    </message>
    <message>
      <source>Days between the starts of consecutive folds. Empty: one horizon (back-to-back folds).</source>
      <translation>Jours entre les débuts de deux périodes de test consécutives. Vide : un horizon (périodes accolées).</translation>
    </message>
    <message>
      <source>Methods to test</source>
      <translation>Méthodes à tester</translation>
    </message>
    <message>
      <source>Shares of the study area to score at, in percent, separated by commas. The verdict is given at 5% (or the nearest coverage listed).</source>
      <translation>Parts de la zone d'étude auxquelles évaluer, en pourcentage, séparées par des virgules. Le verdict est rendu à 5 % (ou à la couverture listée la plus proche).</translation>
    </message>
    <message>
      <source>Optional line layer of streets. Given, the events are snapped to it (those farther than the snapping distance are dropped and counted), the street versions of the near-repeat forecast and of the long-term counts join the methods (and the learned forecast on the streets when the learned forecast is chosen), and every method is scored by share of street length searched instead of share of area: a grid forecast's cells are read on the streets inside them, so grid and street forecasts are compared like for like (Rosser et al. 2017). The report then says whether the grid or the streets catch more crime. Empty: the usual scoring by share of area.</source>
      <translation>Couche de lignes des rues, facultative. Si elle est donnée, les faits y sont accrochés (ceux plus loin que la distance d'accrochage sont écartés et comptés), les versions « rues » de la prévision des répétitions proches et des comptages de long terme rejoignent les méthodes (ainsi que la prévision apprise sur les rues quand la prévision apprise est choisie), et chaque méthode est évaluée par la part de la longueur de rues parcourue au lieu de la part de surface : les cellules d'une prévision sur maillage sont lues sur les rues qu'elles contiennent, de sorte que prévisions sur maillage et sur rues sont comparées à armes égales (Rosser et al. 2017). Le rapport dit alors si le maillage ou les rues captent le plus de faits. Vide : l'évaluation habituelle par part de surface.</translation>
    </message>
    <message>
      <source>Optional shift, e.g. 22-06 (night, past midnight), 06-14, or 22-06 Fri,Sat: only the events in those hours are scored (an event with a time window by the share of its window inside them), and each method (but the random baseline) is also run in a shift version: its whole-period forecast times each cell's share of events in the shift, from the hour-of-week profiles of the events before the fold. The table then answers whether a shift forecast beats the whole-day forecast for that shift. Weekdays: Mon Tue Wed Thu Fri Sat Sun (or lun ... dim), lists or ranges (Mon-Fri).</source>
      <translation>Vacation facultative, p. ex. 22-06 (la nuit, après minuit), 06-14, ou 22-06 Fri,Sat : seuls les événements de ces heures sont notés (un événement à fenêtre horaire pour la part de sa fenêtre qui y tombe), et chaque méthode (sauf la référence aléatoire) tourne aussi en version « vacation » : sa prévision sur toute la période multipliée par la part des événements de chaque cellule attendue dans la vacation, d'après les profils heure × jour de la semaine des événements antérieurs au pli. Le tableau dit alors si une prévision par vacation bat la prévision sur la journée entière pour cette vacation. Jours : Mon Tue Wed Thu Fri Sat Sun (ou lun … dim), en liste ou en plage (Mon-Fri).</translation>
    </message>
    <message>
      <source>Table with one row per method x fold x coverage: hits, hit rate, PAI, PEI*, area under the hit-rate curve, training events and the method's fitted parameters (JSON). Coverage in percent of the study area; hit rate and area share as shares (0-1). With a NETWORK, coverage in percent of the street length, and the columns lixels and length_share instead of cells and area_share.</source>
      <translation>Table avec une ligne par méthode x période x couverture : faits captés, taux de réussite, PAI, PEI*, aire sous la courbe du taux de réussite, faits d'apprentissage et paramètres estimés de la méthode (JSON). Couverture en pourcentage de la zone d'étude ; taux de réussite et part de surface en proportions (0-1). Avec un réseau (NETWORK), couverture en pourcentage de la longueur de rues, et colonnes lixels et length_share au lieu de cells et area_share.</translation>
    </message>
    <message>
      <source>Table with one row per method x coverage: folds scored, mean hit rate, PAI, PEI* and area under the curve with their 95% intervals across folds (_ci_low, _ci_high).</source>
      <translation>Table avec une ligne par méthode x couverture : périodes évaluées, taux de réussite moyen, PAI, PEI* et aire sous la courbe, avec leurs intervalles à 95 % entre périodes (_ci_low, _ci_high).</translation>
    </message>
    <message>
      <source>Backtest report</source>
      <translation>Rapport de rétro-évaluation</translation>
    </message>
    <message>
      <source>HTML report: the verdict, the summary, hit-rate-versus-area curves, PAI per fold and each method's fitted parameters per fold.</source>
      <translation>Rapport HTML : le verdict, le résumé, les courbes taux de réussite / surface, le PAI par période et les paramètres estimés de chaque méthode par période.</translation>
    </message>
    <message>
      <source>before the test folds</source>
      <translation>antérieur aux plis de test</translation>
    </message>
    <message>
      <source>Test from</source>
      <translation>Tester à partir du</translation>
    </message>
    <message>
      <source>Folds</source>
      <translation>Périodes de test</translation>
    </message>
    <message>
      <source>Spacing between fold starts (days)</source>
      <translation>Écart entre les débuts de période (jours)</translation>
    </message>
    <message>
      <source>Area coverages (percent)</source>
      <translation>Couvertures de surface (pourcentage)</translation>
    </message>
    <message>
      <source>Scores per fold</source>
      <translation>Scores par période</translation>
    </message>
    <message>
      <source>Summary per method</source>
      <translation>Résumé par méthode</translation>
    </message>
    <message>
      <source>Best method by mean PAI at 5% of the area, baselines included (a baseline: do not deploy)</source>
      <translation>Meilleure méthode selon le PAI moyen à 5 % de la surface, méthodes de référence comprises (une méthode de référence : ne pas déployer)</translation>
    </message>
    <message>
      <source>Mean PAI of the best method</source>
      <translation>PAI moyen de la meilleure méthode</translation>
    </message>
    <message>
      <source>The best method beats the best baseline: one-sided fold-by-fold test, Holm-adjusted p-value at most 2.5%</source>
      <translation>La meilleure méthode bat la meilleure référence : test unilatéral période par période, p-value ajustée de Holm au plus 2,5 %</translation>
    </message>
    <message>
      <source>Verdict in plain language</source>
      <translation>Verdict en clair</translation>
    </message>
    <message>
      <source>Which forecast should patrols follow, and does it beat simple rules? Each method forecasts a series of past periods (folds) from the events before each period only, and is scored on the events that followed, at the same areas a patrol could cover.</source>
      <translation>Quelle prévision les patrouilles doivent-elles suivre, et fait-elle mieux que des règles simples ? La rétro-évaluation (backtest) rejoue le passé : chaque méthode prévoit une série de périodes passées (périodes de test) à partir des seuls faits antérieurs à chacune, puis est évaluée sur les faits qui ont suivi, pour les mêmes surfaces qu'une patrouille pourrait couvrir.</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>Méthode</translation>
    </message>
    <message>
      <source>Outputs</source>
      <translation>Sorties</translation>
    </message>
    <message>
      <source>A table of scores per fold, a summary table, an HTML report, the winner's name and PAI, whether it beats the best baseline (BEATS_BASELINE) and the verdict as text.</source>
      <translation>Une table des scores par période, une table de synthèse, un rapport HTML, le nom et le PAI de la méthode gagnante, le fait qu'elle batte ou non la meilleure méthode de référence (BEATS_BASELINE) et le verdict en texte.</translation>
    </message>
    <message>
      <source>Caveats</source>
      <translation>Mises en garde</translation>
    </message>
    <message>
      <source>A method that does not beat the best baseline should not be deployed: the report says so. Few folds give wide intervals. Recorded crime reflects recording and patrol patterns.</source>
      <translation>Une méthode qui ne bat pas la meilleure méthode de référence ne doit pas être déployée : le rapport le dit. Peu de périodes donnent des intervalles larges. La délinquance enregistrée reflète aussi les pratiques d'enregistrement et de patrouille.</translation>
    </message>
    <message>
      <source>References</source>
      <translation>Références</translation>
    </message>
    <message>
      <source>Do not deploy: no method clearly beats the best baseline (the fold-by-fold test's adjusted p-value is above 2.5%, or there are too few folds).</source>
      <translation>Ne pas déployer : aucune méthode ne bat nettement la meilleure référence (la p-value ajustée du test période par période dépasse 2,5 %, ou les périodes sont trop peu nombreuses).</translation>
    </message>
    <message>
      <source>COVERAGES must be percentages above 0 and at most 100, got {}; e.g. 1,5,10,20</source>
      <translation>COVERAGES doit contenir des pourcentages supérieurs à 0 et au plus 100, reçu {} ; par exemple 1,5,10,20</translation>
    </message>
    <message>
      <source>Forecasting methods to compare: {}. The baselines (last-period counts, long-term decayed counts, uniform random) are always run as well.</source>
      <translation>Méthodes de prévision à comparer : {}. Les méthodes de référence (comptages de la dernière période, comptages à long terme avec décroissance, aléatoire uniforme) sont toujours exécutées aussi.</translation>
    </message>
    <message>
      <source>With a SHIFT, only the events in its hours are scored (events with a time window by the share of the window inside them, Ratcliffe's aoristic weights) and each method also runs in a shift version, named method@shift in the tables: its forecast times each cell's share of events in the shift over the fold, from hour-of-week profiles of the past events shrunk from the cell to its neighbourhood (5 x 5 cells) and to the whole area by empirical Bayes (Dirichlet-multinomial, prior strengths by maximum marginal likelihood).</source>
      <translation>Avec une vacation (SHIFT), seuls les événements de ses heures sont notés (ceux à fenêtre horaire pour la part de leur fenêtre qui y tombe : poids aoristiques de Ratcliffe), et chaque méthode tourne aussi en version « vacation », nommée méthode@vacation dans les tableaux : sa prévision multipliée par la part des événements de chaque cellule attendue dans la vacation sur le pli, d'après les profils heure × jour de la semaine des événements passés, rétrécis de la cellule vers son voisinage (5 × 5 cellules) et vers toute la zone par Bayes empirique (Dirichlet-multinomiale, forces des a priori par maximum de vraisemblance marginale).</translation>
    </message>
    <message>
      <source>Backtest: {} folds of {} days from {}; methods: {}.</source>
      <translation>Rétro-évaluation : {} périodes de {} jours à partir du {} ; méthodes : {}.</translation>
    </message>
    <message>
      <source>Shift {}: {} of the {} events before the test folds fall in it; only the events in the shift are scored.</source>
      <translation>Vacation {} : {} des {} événements antérieurs aux plis de test y tombent ; seuls les événements de la vacation sont notés.</translation>
    </message>
    <message>
      <source>COVERAGES '{}' is not a list of numbers: give percentages of the study area separated by commas, e.g. 1,5,10,20</source>
      <translation>COVERAGES « {} » n'est pas une liste de nombres : donnez des pourcentages de la zone d'étude séparés par des virgules, par exemple 1,5,10,20</translation>
    </message>
    <message>
      <source>The test would start on {} but the first event is on {}: the methods would have no past to learn from. Choose a later TEST_START, fewer FOLDS or a shorter HORIZON.</source>
      <translation>Le test commencerait le {} mais le premier fait date du {} : les méthodes n'auraient aucun passé dont apprendre. Choisissez un TEST_START plus tardif, moins de FOLDS ou un HORIZON plus court.</translation>
    </message>
    <message>
      <source>TEST_START ({}) is after the last event ({}): there is nothing to score. Choose an earlier TEST_START.</source>
      <translation>TEST_START ({}) est postérieur au dernier fait ({}) : il n'y a rien à évaluer. Choisissez un TEST_START plus précoce.</translation>
    </message>
    <message>
      <source>Fold {}/{} (from {}): {} done in {} s.</source>
      <translation>Pli {}/{} (à partir du {}) : {} terminé en {} s.</translation>
    </message>
    <message>
      <source>With a street NETWORK, the events are snapped to the streets and only those within the snapping distance are used; the network prospective hotspot (Bowers weighting with distances along the streets, the near-repeat method's bandwidths) and long-term decayed counts per street segment (a baseline) join the methods, and the learned forecast on the streets (crimerisk:networklearned, refitted every 4 folds) when the learned forecast is among them; streets are cut into lixels and every method is scored by the share of street length searched, taking lixels in decreasing risk per metre, a grid forecast giving each lixel the value of the cell holding its middle (Rosser et al. 2017's hit rate and PAI on networks). 'Grid or streets?' is then answered by the same test, in both directions, between the best street method and the best grid method.</source>
      <translation>Avec un réseau de rues (NETWORK), les faits sont accrochés aux rues et seuls ceux situés dans la distance d'accrochage sont utilisés ; le point chaud prospectif sur réseau (pondération de Bowers avec les distances le long des rues, largeurs de bande de la méthode des répétitions proches) et les comptages décroissants de long terme par tronçon de rue (une référence) rejoignent les méthodes, ainsi que la prévision apprise sur les rues (crimerisk:networklearned, réajustée toutes les 4 périodes de test) quand la prévision apprise en fait partie ; les rues sont découpées en lixels et chaque méthode est évaluée par la part de la longueur de rues parcourue, en prenant les lixels par risque au mètre décroissant, une prévision sur maillage donnant à chaque lixel la valeur de la cellule qui contient son milieu (taux de réussite et PAI sur réseau de Rosser et al. 2017). « Maillage ou rues ? » est alors tranché par le même test, dans les deux sens, entre la meilleure méthode sur rues et la meilleure méthode sur maillage.</translation>
    </message>
    <message>
      <source>Rolling-origin evaluation: fold k covers [start + k x spacing, + horizon). A method's map ranks the cells; at each coverage the top cells are taken and scored by the hit rate (share of the fold's events captured), the PAI (hit rate / area share; 1 = chance) and the PEI* (hits / the most any map of that area could have captured). Means across folds come with 95% t-intervals. The verdict tests the fold-by-fold differences between each method and the best baseline with a one-sided Diebold-Mariano test whose variance allows for correlated neighbouring folds (equal-weighted cosine variance, Student t reference), and Holm-adjusts the p-values for choosing the best of several methods: 'better than the baseline' at an adjusted p-value of 2.5% or less. With fewer than about 12 folds the test rarely says 'better': add folds rather than trust a higher mean.</source>
      <translation>Évaluation à origine glissante : la période k couvre [début + k x écart, + horizon). La carte d'une méthode classe les cellules ; à chaque couverture, les cellules en tête sont retenues et évaluées par le taux de réussite (part des faits de la période captés), le PAI (indice de précision prédictive : taux de réussite / part de surface ; 1 = hasard) et le PEI* (faits captés / le maximum qu'une carte de même surface aurait pu capter). Les moyennes sur les périodes sont données avec des intervalles t à 95 %. Le verdict teste les différences période par période entre chaque méthode et la meilleure référence par un test unilatéral de Diebold-Mariano dont la variance tient compte de la corrélation entre périodes voisines (variance cosinus à poids égaux, loi de Student), et ajuste les p-values par la méthode de Holm, puisque la meilleure de plusieurs méthodes est retenue : « meilleure que la référence » pour une p-value ajustée de 2,5 % au plus. Avec moins d'une douzaine de périodes, le test dit rarement « meilleure » : ajoutez des périodes plutôt que de vous fier à une moyenne plus élevée.</translation>
    </message>
    <message>
      <source>Hotspots</source>
      <translation>Points chauds</translation>
    </message>
    <message>
      <source>Near-repeat</source>
      <translation>Répétition proche</translation>
    </message>
    <message>
      <source>Forecast</source>
      <translation>Prévision</translation>
    </message>
    <message>
      <source>Evaluation</source>
      <translation>Évaluation</translation>
    </message>
    <message>
      <source>Point layer of crime events, one point (or multi-point) per event. Respects 'selected features only'.</source>
      <translation>Couche de points des faits, un point (ou multipoint) par fait. Respecte « Entités sélectionnées uniquement ».</translation>
    </message>
    <message>
      <source>Optional hour of day (0-23, or HH:MM text) used when the date field holds no time.</source>
      <translation>Heure facultative de la journée (0-23, ou texte HH:MM) utilisée quand le champ de date ne contient pas d'heure.</translation>
    </message>
    <message>
      <source>How text dates with two numbers before the year read. Detect: day first unless the column shows month first (a second number above 12, e.g. 03/25/2019); the log says when it reads month first or cannot tell, and a column mixing both is refused.</source>
      <translation>Comment lire les dates texte à deux nombres avant l'année. Détecter : jour en premier, sauf si la colonne montre le mois en premier (un second nombre supérieur à 12, par ex. 03/25/2019) ; le journal indique quand la lecture se fait mois en premier ou quand l'ordre ne peut être établi, et une colonne mêlant les deux est refusée.</translation>
    </message>
    <message>
      <source>Field holding the crime type (category) of each event.</source>
      <translation>Champ contenant le type d'infraction (catégorie) de chaque fait.</translation>
    </message>
    <message>
      <source>Crime types to analyse, separated by ';' (or ','); empty keeps every type. Case does not matter; an unknown type is an error that lists the types present.</source>
      <translation>Types d'infraction à analyser, séparés par « ; » (ou « , ») ; vide : tous les types sont conservés. La casse est ignorée ; un type inconnu provoque une erreur qui liste les types présents.</translation>
    </message>
    <message>
      <source>First day of events to use (inclusive). Empty: from the first event.</source>
      <translation>Premier jour des faits à utiliser (inclus). Vide : depuis le premier fait.</translation>
    </message>
    <message>
      <source>Last day of events to use (inclusive, the whole day). Empty: up to the last event.</source>
      <translation>Dernier jour des faits à utiliser (inclus, toute la journée). Vide : jusqu'au dernier fait.</translation>
    </message>
    <message>
      <source>Optional end of the window in which each event occurred (e.g. a burglary 'between 08:00 and 18:30'), in the same form as the date field, which then holds the window's start. Events with a window are spread evenly over its hours (aoristic analysis, Ratcliffe 2000); an empty end means the event has one time.</source>
      <translation>Fin facultative de la fenêtre pendant laquelle chaque événement a eu lieu (p. ex. un cambriolage « entre 08:00 et 18:30 »), sous la même forme que le champ de date, qui contient alors le début de la fenêtre. Les événements à fenêtre sont répartis également sur ses heures (analyse aoristique, Ratcliffe 2000) ; une fin vide signifie que l'événement a une seule heure.</translation>
    </message>
    <message>
      <source>Windows longer than this are too vague to place in time: they are counted in the log and dropped or kept as WINDOW_POLICY says.</source>
      <translation>Les fenêtres plus longues sont trop vagues pour être situées dans le temps : elles sont comptées dans le journal, puis écartées ou gardées selon WINDOW_POLICY.</translation>
    </message>
    <message>
      <source>What to do with events whose window end comes before its start, or whose window is longer than the limit. Either way the log counts them.</source>
      <translation>Que faire des événements dont la fin de fenêtre précède le début, ou dont la fenêtre dépasse la limite. Dans les deux cas, le journal les compte.</translation>
    </message>
    <message>
      <source>Cell size (metres)</source>
      <translation>Taille de cellule (mètres)</translation>
    </message>
    <message>
      <source>Side of a grid cell in metres. 150 m is the PredPol cell; smaller cells show more detail but need more events per cell.</source>
      <translation>Côté d'une cellule de la grille en mètres. 150 m est la cellule de PredPol ; des cellules plus petites montrent plus de détails mais demandent plus de faits par cellule.</translation>
    </message>
    <message>
      <source>Area to map. Empty: the mask's extent, or else the events' extent plus one bandwidth.</source>
      <translation>Zone à cartographier. Vide : l'emprise du masque, sinon l'emprise des faits élargie d'une largeur de bande.</translation>
    </message>
    <message>
      <source>Optional polygons of the study area (e.g. the commune or district boundary). Cells whose centre lies outside are nodata; events outside are dropped and counted.</source>
      <translation>Polygones facultatifs de la zone d'étude (par ex. la limite de la commune ou de la circonscription). Les cellules dont le centre est à l'extérieur sont sans données (nodata) ; les faits à l'extérieur sont écartés et comptés.</translation>
    </message>
    <message>
      <source>Projected CRS in metres to work in. Empty: the events layer's CRS when it is projected in metres, else the UTM zone of the events' centre (named in the log).</source>
      <translation>SCR projeté en mètres dans lequel travailler. Vide : le SCR de la couche des faits s'il est projeté en mètres, sinon la zone UTM du centre des faits (indiquée dans le journal).</translation>
    </message>
    <message>
      <source>Memory guard: grids with more cells are refused with the cell size that would fit (50 million cells take about 200 MB per band).</source>
      <translation>Garde-fou mémoire : les grilles ayant plus de cellules sont refusées, avec la taille de cellule qui conviendrait (50 millions de cellules occupent environ 200 Mo par bande).</translation>
    </message>
    <message>
      <source>The day the forecast period starts (midnight). Only events strictly before it are used. Empty: the day after the last event.</source>
      <translation>Jour de début de la période de prévision (minuit). Seuls les faits strictement antérieurs sont utilisés. Vide : le lendemain du dernier fait.</translation>
    </message>
    <message>
      <source>Seed of the random steps: the same seed gives the same output.</source>
      <translation>Graine des étapes aléatoires : la même graine donne le même résultat.</translation>
    </message>
    <message>
      <source>Write a .qml style beside each raster and style the loaded layer.</source>
      <translation>Écrire un style .qml à côté de chaque raster et styliser la couche chargée.</translation>
    </message>
    <message>
      <source>Reading events...</source>
      <translation>Lecture des faits...</translation>
    </message>
    <message>
      <source>on or after AS_OF (never used: no look-ahead)</source>
      <translation>à la date AS_OF ou après (jamais utilisés : aucune information future)</translation>
    </message>
    <message>
      <source>Events (points)</source>
      <translation>Faits (points)</translation>
    </message>
    <message>
      <source>Date field</source>
      <translation>Champ de date</translation>
    </message>
    <message>
      <source>Date or date-time of each event: a Date/DateTime field, or text such as 2024-03-05, 2024-03-05T14:30 or 05/03/2024 14:30. Events without a readable date are dropped and counted.</source>
      <translation>Date ou date-heure de chaque fait : un champ Date/DateTime, ou du texte comme 2024-03-05, 2024-03-05T14:30 ou 05/03/2024 14:30. Les faits sans date lisible sont écartés et comptés.</translation>
    </message>
    <message>
      <source>Hour field</source>
      <translation>Champ d'heure</translation>
    </message>
    <message>
      <source>Date format of texts like 03/05/2024</source>
      <translation>Format des dates texte comme 03/05/2024</translation>
    </message>
    <message>
      <source>Crime type field</source>
      <translation>Champ du type d'infraction</translation>
    </message>
    <message>
      <source>Crime types to keep</source>
      <translation>Types d'infraction à conserver</translation>
    </message>
    <message>
      <source>From date</source>
      <translation>Date de début</translation>
    </message>
    <message>
      <source>To date</source>
      <translation>Date de fin</translation>
    </message>
    <message>
      <source>Window end field (uncertain times)</source>
      <translation>Champ de fin de fenêtre (heures incertaines)</translation>
    </message>
    <message>
      <source>Longest time window (days)</source>
      <translation>Fenêtre horaire la plus longue (jours)</translation>
    </message>
    <message>
      <source>Windows ending before they start, or too long</source>
      <translation>Fenêtres qui finissent avant de commencer, ou trop longues</translation>
    </message>
    <message>
      <source>Shift (hours, optional weekdays)</source>
      <translation>Vacation (heures, jours de la semaine facultatifs)</translation>
    </message>
    <message>
      <source>Extent</source>
      <translation>Emprise</translation>
    </message>
    <message>
      <source>Study area mask (polygons)</source>
      <translation>Masque de la zone d'étude (polygones)</translation>
    </message>
    <message>
      <source>Target CRS</source>
      <translation>SCR cible</translation>
    </message>
    <message>
      <source>Largest grid allowed (cells)</source>
      <translation>Plus grande grille autorisée (cellules)</translation>
    </message>
    <message>
      <source>Forecast from (as of)</source>
      <translation>Prévoir à partir du (date de référence)</translation>
    </message>
    <message>
      <source>Horizon (days)</source>
      <translation>Horizon (jours)</translation>
    </message>
    <message>
      <source>Random seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <source>HTML files (*.html)</source>
      <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
      <source>No history before AS_OF: the first event is on or after the forecast start. Choose a later AS_OF or include earlier events.</source>
      <translation>Aucun historique avant AS_OF : le premier fait est à la date de début de la prévision ou après. Choisissez un AS_OF plus tardif ou incluez des faits plus anciens.</translation>
    </message>
    <message>
      <source>Style the output</source>
      <translation>Styliser la sortie</translation>
    </message>
    <message>
      <source>The events layer could not be opened.</source>
      <translation>La couche des faits n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <source>Warnings about the data</source>
      <translation>Avertissements sur les données</translation>
    </message>
    <message>
      <source>Parameters used:</source>
      <translation>Paramètres utilisés :</translation>
    </message>
    <message>
      <source>Forecast period: {} for {} days, from {} events before it.</source>
      <translation>Période de prévision : à partir du {} sur {} jours, d'après {} faits antérieurs.</translation>
    </message>
    <message>
      <source>Grid: {} rows x {} columns of {} m ({} cells inside the study area).</source>
      <translation>Grille : {} lignes x {} colonnes de {} m ({} cellules dans la zone d'étude).</translation>
    </message>
    <message>
      <source>Not enough memory for this run. Use a larger cell size, a smaller extent, a shorter date range or fewer crime types.</source>
      <translation>Mémoire insuffisante pour ce traitement. Utilisez des cellules plus grandes, une emprise plus petite, une période plus courte ou moins de types d'infraction.</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <source>{} ({}): {} is not one of the choices. Give the numbers or, for a list of names, the names of the choices: {}.</source>
      <translation>{} ({}) : {} ne fait pas partie des choix. Indiquez les numéros ou, pour une liste de noms, les noms des choix : {}.</translation>
    </message>
    <message>
      <source>Optional here: needed for the date range and per-day units.</source>
      <translation>Facultatif ici : nécessaire pour la période et les unités par jour.</translation>
    </message>
    <message>
      <source>Detect from the column</source>
      <translation>Détecter d'après la colonne</translation>
    </message>
    <message>
      <source>Day first (DD/MM/YYYY)</source>
      <translation>Jour en premier (JJ/MM/AAAA)</translation>
    </message>
    <message>
      <source>Month first (MM/DD/YYYY, US)</source>
      <translation>Mois en premier (MM/JJ/AAAA, américain)</translation>
    </message>
    <message>
      <source>Drop those events</source>
      <translation>Écarter ces événements</translation>
    </message>
    <message>
      <source>Keep them (reversed: at their start; too long: spread over the whole window)</source>
      <translation>Les garder (inversées : à leur début ; trop longues : réparties sur toute la fenêtre)</translation>
    </message>
    <message>
      <source>{} events with a time window are placed at the middle of their window (median window {} hours).</source>
      <translation>{} faits avec une fenêtre horaire sont placés au milieu de leur fenêtre (fenêtre médiane de {} heures).</translation>
    </message>
    <message>
      <source>No event {} falls in the shift {}: there is nothing to learn its hours from. The events happen at the hours {}; choose a shift among them, or check the date field's clock times (dates without a time all fall at 00:00).</source>
      <translation>Aucun événement {} ne tombe dans la vacation {} : rien pour apprendre ses heures. Les événements ont lieu aux heures {} ; choisissez une vacation parmi elles, ou vérifiez les heures du champ de date (les dates sans heure tombent toutes à 00:00).</translation>
    </message>
    <message>
      <source>before AS_OF ({})</source>
      <translation>antérieur à AS_OF ({})</translation>
    </message>
    <message>
      <source>{}: {} of the {} expected events over the horizon fall in the shift {} (hour-of-week profiles: neighbourhood prior of {} events, {} pooled over the weekdays, whole-area prior of {} events).</source>
      <translation>{} : {} des {} événements attendus sur l'horizon tombent dans la vacation {} (profils heure × jour de la semaine : a priori de voisinage de {} événements, dont {} mis en commun entre les jours, a priori de toute la zone de {} événements).</translation>
    </message>
    <message>
      <source>'{}' is not a date; use the form 2024-03-05.</source>
      <translation>« {} » n'est pas une date ; utilisez la forme 2024-03-05.</translation>
    </message>
    <message>
      <source>One band per crime type: {} types x {} cells = {} cells, more than the limit of {}. Use a cell size of {} m or more, fewer crime types (CATEGORIES), or untick 'one model per crime type'.</source>
      <translation>Une bande par type d'infraction : {} types x {} cellules = {} cellules, au-delà de la limite de {}. Utilisez une taille de cellule d'au moins {} m, moins de types d'infraction (CATEGORIES), ou décochez « un modèle par type d'infraction ».</translation>
    </message>
    <message>
      <source>  {}: {}</source>
      <translation>  {} : {}</translation>
    </message>
    <message>
      <source>{} ({}) must be between {} and {}; you gave {}. Choose a value in that range.</source>
      <translation>{} ({}) doit être compris entre {} et {} ; vous avez donné {}. Choisissez une valeur dans cet intervalle.</translation>
    </message>
    <message>
      <source>{} of {} time windows are longer than the time band of {} days: their time apart is uncertain by more than a band, which blurs the result. Use a wider time band ({}), or leave out the events with long windows (MAX_WINDOW_DAYS).</source>
      <translation>{} fenêtres horaires sur {} sont plus longues que la classe de temps de {} jours : l'écart de temps de leurs paires est incertain de plus d'une classe, ce qui brouille le résultat. Prenez une classe de temps plus large ({}), ou écartez les faits aux fenêtres longues (MAX_WINDOW_DAYS).</translation>
    </message>
    <message>
      <source>The model would compare {} pairs of events within {} m and {} days of each other, more than the memory guard of {} pairs: the events are too dense (often many recorded at one spot). Set a time cutoff (TIME_CUTOFF) of {} days or less, a smaller space cutoff (SPACE_CUTOFF), a shorter date range or fewer crime types.</source>
      <translation>Le modèle comparerait {} paires de faits distants de moins de {} m et {} jours, au-delà de la garde mémoire de {} paires : les faits sont trop denses (souvent beaucoup enregistrés au même endroit). Réglez un seuil temporel (TIME_CUTOFF) de {} jours ou moins, un seuil spatial (SPACE_CUTOFF) plus petit, une période plus courte ou moins de types d'infraction.</translation>
    </message>
    <message>
      <source>Emerging hot spots</source>
      <translation>Points chauds émergents</translation>
    </message>
    <message>
      <source>No pattern detected</source>
      <translation>Aucun motif détecté</translation>
    </message>
    <message>
      <source>New hot spot</source>
      <translation>Nouveau point chaud</translation>
    </message>
    <message>
      <source>Consecutive hot spot</source>
      <translation>Point chaud consécutif</translation>
    </message>
    <message>
      <source>Intensifying hot spot</source>
      <translation>Point chaud en intensification</translation>
    </message>
    <message>
      <source>Persistent hot spot</source>
      <translation>Point chaud persistant</translation>
    </message>
    <message>
      <source>Diminishing hot spot</source>
      <translation>Point chaud en diminution</translation>
    </message>
    <message>
      <source>Sporadic hot spot</source>
      <translation>Point chaud sporadique</translation>
    </message>
    <message>
      <source>Oscillating hot spot</source>
      <translation>Point chaud oscillant</translation>
    </message>
    <message>
      <source>Historical hot spot</source>
      <translation>Point chaud historique</translation>
    </message>
    <message>
      <source>New cold spot</source>
      <translation>Nouveau point froid</translation>
    </message>
    <message>
      <source>Consecutive cold spot</source>
      <translation>Point froid consécutif</translation>
    </message>
    <message>
      <source>Intensifying cold spot</source>
      <translation>Point froid en intensification</translation>
    </message>
    <message>
      <source>Persistent cold spot</source>
      <translation>Point froid persistant</translation>
    </message>
    <message>
      <source>Diminishing cold spot</source>
      <translation>Point froid en diminution</translation>
    </message>
    <message>
      <source>Sporadic cold spot</source>
      <translation>Point froid sporadique</translation>
    </message>
    <message>
      <source>Oscillating cold spot</source>
      <translation>Point froid oscillant</translation>
    </message>
    <message>
      <source>Historical cold spot</source>
      <translation>Point froid historique</translation>
    </message>
    <message>
      <source>None of the rules below applies (this includes cells that are not significant at the final time step and hot or cold in less than 90% of the time steps).</source>
      <translation>Aucune des règles ci-dessous ne s'applique (y compris les cellules non significatives au dernier pas de temps et chaudes ou froides pendant moins de 90 % des pas de temps).</translation>
    </message>
    <message>
      <source>Hot at the final time step only: never a hot or cold spot before.</source>
      <translation>Chaude au dernier pas de temps seulement : jamais point chaud ni point froid auparavant.</translation>
    </message>
    <message>
      <source>Hot in one unbroken run of at least two time steps ending at the final step; never hot before that run, never cold, hot in less than 90% of the time steps.</source>
      <translation>Chaude pendant une seule série ininterrompue d'au moins deux pas de temps se terminant au dernier pas ; jamais chaude avant cette série, jamais froide, chaude pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Hot in at least 90% of the time steps, including the final one, and its neighbourhood's counts rise: significant upward trend.</source>
      <translation>Chaude pendant au moins 90 % des pas de temps, dont le dernier, et les effectifs de son voisinage augmentent : tendance significative à la hausse.</translation>
    </message>
    <message>
      <source>Hot in at least 90% of the time steps, including the final one, with no significant trend in its neighbourhood's counts.</source>
      <translation>Chaude pendant au moins 90 % des pas de temps, dont le dernier, sans tendance significative des effectifs de son voisinage.</translation>
    </message>
    <message>
      <source>Hot in at least 90% of the time steps, including the final one, and its neighbourhood's counts fall: significant downward trend.</source>
      <translation>Chaude pendant au moins 90 % des pas de temps, dont le dernier, et les effectifs de son voisinage diminuent : tendance significative à la baisse.</translation>
    </message>
    <message>
      <source>Hot at the final time step and on and off before (an earlier hot step apart from the final run); never cold, hot in less than 90% of the time steps.</source>
      <translation>Chaude au dernier pas de temps et par intermittence auparavant (un pas chaud antérieur, distinct de la série finale) ; jamais froide, chaude pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Hot at the final time step, cold at some earlier step, hot in less than 90% of the time steps.</source>
      <translation>Chaude au dernier pas de temps, froide à un pas antérieur, chaude pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Not significant at the final time step, but hot in at least 90% of the time steps.</source>
      <translation>Non significative au dernier pas de temps, mais chaude pendant au moins 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Cold at the final time step only: never a hot or cold spot before.</source>
      <translation>Froide au dernier pas de temps seulement : jamais point chaud ni point froid auparavant.</translation>
    </message>
    <message>
      <source>Cold in one unbroken run of at least two time steps ending at the final step; never cold before that run, never hot, cold in less than 90% of the time steps.</source>
      <translation>Froide pendant une seule série ininterrompue d'au moins deux pas de temps se terminant au dernier pas ; jamais froide avant cette série, jamais chaude, froide pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Cold in at least 90% of the time steps, including the final one, and its neighbourhood's counts fall (ever colder): significant downward trend.</source>
      <translation>Froide pendant au moins 90 % des pas de temps, dont le dernier, et les effectifs de son voisinage diminuent (de plus en plus froide) : tendance significative à la baisse.</translation>
    </message>
    <message>
      <source>Cold in at least 90% of the time steps, including the final one, with no significant trend in its neighbourhood's counts.</source>
      <translation>Froide pendant au moins 90 % des pas de temps, dont le dernier, sans tendance significative des effectifs de son voisinage.</translation>
    </message>
    <message>
      <source>Cold in at least 90% of the time steps, including the final one, and its neighbourhood's counts rise (less cold): significant upward trend.</source>
      <translation>Froide pendant au moins 90 % des pas de temps, dont le dernier, et les effectifs de son voisinage augmentent (de moins en moins froide) : tendance significative à la hausse.</translation>
    </message>
    <message>
      <source>Cold at the final time step and on and off before (an earlier cold step apart from the final run); never hot, cold in less than 90% of the time steps.</source>
      <translation>Froide au dernier pas de temps et par intermittence auparavant (un pas froid antérieur, distinct de la série finale) ; jamais chaude, froide pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Cold at the final time step, hot at some earlier step, cold in less than 90% of the time steps.</source>
      <translation>Froide au dernier pas de temps, chaude à un pas antérieur, froide pendant moins de 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Not significant at the final time step, but cold in at least 90% of the time steps.</source>
      <translation>Non significative au dernier pas de temps, mais froide pendant au moins 90 % des pas de temps.</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>Jour</translation>
    </message>
    <message>
      <source>Week (Monday first)</source>
      <translation>Semaine (commençant le lundi)</translation>
    </message>
    <message>
      <source>Calendar month</source>
      <translation>Mois civil</translation>
    </message>
    <message>
      <source>Quarter</source>
      <translation>Trimestre</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>Année</translation>
    </message>
    <message>
      <source>Complete calendar steps only</source>
      <translation>Pas calendaires complets seulement</translation>
    </message>
    <message>
      <source>Whole steps ending with the data</source>
      <translation>Pas entiers se terminant avec les données</translation>
    </message>
    <message>
      <source>All calendar steps, incomplete ones included</source>
      <translation>Tous les pas calendaires, y compris les incomplets</translation>
    </message>
    <message>
      <source>Complete calendar steps only (default): a step the period covers only in part (e.g. the month in which the data start or end) is left out, and the log names it. Whole steps ending with the data: steps of the chosen length are counted back from the day after the last event (as ArcGIS 'Create Space Time Cube' with end time alignment), and the incomplete piece at the start is left out. All calendar steps: incomplete first and last steps are kept (a short last step looks cold and gives false 'historical' and trend categories).</source>
      <translation>Pas calendaires complets seulement (par défaut) : un pas que la période ne couvre qu'en partie (par exemple le mois où les données commencent ou finissent) est écarté, et le journal le nomme. Pas entiers se terminant avec les données : les pas de la durée choisie sont comptés à rebours depuis le lendemain du dernier événement (comme « Create Space Time Cube » d'ArcGIS avec l'alignement sur la date de fin), et le morceau incomplet du début est écarté. Tous les pas calendaires : le premier et le dernier pas incomplets sont gardés (un dernier pas trop court paraît froid et donne à tort des catégories « historique » et des tendances).</translation>
    </message>
    <message>
      <source>Number of previous time steps in each bin's neighbourhood (ArcGIS 'neighbourhood time step' minus one). 0 judges each step on its own; 1 (default) smooths over the step before.</source>
      <translation>Nombre de pas de temps précédents dans le voisinage de chaque case (le « pas de temps de voisinage » d'ArcGIS moins un). 0 juge chaque pas isolément ; 1 (par défaut) lisse avec le pas précédent.</translation>
    </message>
    <message>
      <source>GeoTIFF of the category code of each cell (1 to 8 hot, -1 to -8 cold, 0 no pattern; see the rules in the help), styled with the usual colours and labels.</source>
      <translation>GeoTIFF du code de catégorie de chaque cellule (1 à 8 chaud, -1 à -8 froid, 0 aucun motif ; voir les règles dans l'aide), stylisé avec les couleurs et libellés habituels.</translation>
    </message>
    <message>
      <source>GeoTIFF of the trend z of each cell: the Mann-Kendall test of its neighbourhood's event counts per step, corrected for serial correlation (see the help). Above 1.96 rising (getting hotter), below -1.96 falling, at the 5% level.</source>
      <translation>GeoTIFF du z de tendance de chaque cellule : test de Mann-Kendall sur les effectifs d'événements de son voisinage par pas, corrigé de l'autocorrélation (voir l'aide). Au-dessus de 1,96 à la hausse (de plus en plus chaud), au-dessous de -1,96 à la baisse, au seuil de 5 %.</translation>
    </message>
    <message>
      <source>Table with one row per category (all 17): code, category, number of cells and share of the study area's cells.</source>
      <translation>Table avec une ligne par catégorie (les 17) : code, catégorie, nombre de cellules et part des cellules de la zone d'étude.</translation>
    </message>
    <message>
      <source>Time step</source>
      <translation>Pas de temps</translation>
    </message>
    <message>
      <source>Time steps kept</source>
      <translation>Pas de temps retenus</translation>
    </message>
    <message>
      <source>Time neighbours (previous steps)</source>
      <translation>Voisins temporels (pas précédents)</translation>
    </message>
    <message>
      <source>Emerging hot spot categories</source>
      <translation>Catégories de points chauds émergents</translation>
    </message>
    <message>
      <source>Trend of the neighbourhood counts</source>
      <translation>Tendance des effectifs du voisinage</translation>
    </message>
    <message>
      <source>Cells per category</source>
      <translation>Cellules par catégorie</translation>
    </message>
    <message>
      <source>Number of time steps</source>
      <translation>Nombre de pas de temps</translation>
    </message>
    <message>
      <source>Cells in a hot spot category</source>
      <translation>Cellules dans une catégorie de point chaud</translation>
    </message>
    <message>
      <source>Cells in a cold spot category</source>
      <translation>Cellules dans une catégorie de point froid</translation>
    </message>
    <message>
      <source>Neighbourhood used (metres)</source>
      <translation>Voisinage utilisé (mètres)</translation>
    </message>
    <message>
      <source>Which hot spots are new, growing, persistent, fading or gone? Events are counted per grid cell and time step (a space-time cube); each bin gets a space-time Gi* z-score and each cell's series of z-scores a Mann-Kendall trend; the pattern of hot and cold bins over time puts every cell in one of 17 categories, as ArcGIS 'Emerging Hot Spot Analysis' does.</source>
      <translation>Quels points chauds sont nouveaux, en progression, persistants, en déclin ou disparus ? Les faits sont comptés par cellule de la grille et par pas de temps (un cube spatio-temporel) ; chaque case reçoit un score z de Gi* spatio-temporel et la série des scores z de chaque cellule une tendance de Mann-Kendall ; la succession des cases chaudes et froides dans le temps range chaque cellule dans l'une des 17 catégories, comme l'« Analyse des points chauds émergents » d'ArcGIS.</translation>
    </message>
    <message>
      <source>Space-time Gi*: a bin's neighbourhood is the cells within the neighbourhood distance in the same step and in the chosen number of previous steps; the mean and standard deviation are those of all bins of the study area. A bin is hot (cold) when its z is positive (negative) and significant at 5% after the correction, applied over all bins of the cube. The final step decides first: a cell hot at the final step can only be a hot category.</source>
      <translation>Gi* spatio-temporel : le voisinage d'une case est formé des cellules situées à moins de la distance de voisinage, au même pas et aux pas précédents choisis ; la moyenne et l'écart-type sont ceux de toutes les cases de la zone d'étude. Une case est chaude (froide) quand son z est positif (négatif) et significatif à 5 % après la correction, appliquée à toutes les cases du cube. Le dernier pas décide en premier : une cellule chaude au dernier pas ne peut être que dans une catégorie chaude.</translation>
    </message>
    <message>
      <source>Significance test</source>
      <translation>Test de significativité</translation>
    </message>
    <message>
      <source>The p-value of a bin comes from the inference chosen in the advanced parameters. By default it is exact: the distribution of the bin's neighbourhood total (cells x time steps) is the convolution of the count distribution of all bins of the cube, valid at any density (see the Gi* help). The normal approximation of z, as in ArcGIS, finds too many hot bins on sparse counts; permutations are seeded and their smallest p-value, 1 / (permutations + 1), lets few bins pass the correction on large cubes. The log names the inference used. The cube is worked through a few time steps at a time; the memory guard counts cells x time steps.</source>
      <translation>La p-valeur d'une case provient de l'inférence choisie dans les paramètres avancés. Par défaut, elle est exacte : la distribution du total du voisinage de la case (cellules x pas de temps) est la convolution de la distribution des comptages de toutes les cases du cube, valable à toute densité (voir l'aide de Gi*). L'approximation normale de z, comme dans ArcGIS, trouve trop de cases chaudes sur des comptages épars ; les permutations sont initialisées par la graine et leur plus petite p-valeur, 1 / (permutations + 1), laisse passer peu de cases à la correction sur de grands cubes. Le journal indique l'inférence utilisée. Le cube est traité quelques pas de temps à la fois ; le garde-fou mémoire compte cellules x pas de temps.</translation>
    </message>
    <message>
      <source>Time steps</source>
      <translation>Pas de temps</translation>
    </message>
    <message>
      <source>By default only complete calendar steps enter the cube: the step in which the data (or the date filter) start or end part-way is left out, and the log names the days left out. An incomplete step holds fewer events, so it would look cold and make a steady hot spot read as historical or diminishing. Choose 'Whole steps ending with the data' to keep the most recent days (steps are then counted back from the day after the last event).</source>
      <translation>Par défaut, seuls les pas calendaires complets entrent dans le cube : le pas où les données (ou le filtre de dates) commencent ou finissent en cours de route est écarté, et le journal nomme les jours écartés. Un pas incomplet contient moins d'événements : il paraîtrait froid et ferait passer un point chaud stable pour historique ou en diminution. Choisissez « Pas entiers se terminant avec les données » pour garder les jours les plus récents (les pas sont alors comptés à rebours depuis le lendemain du dernier événement).</translation>
    </message>
    <message>
      <source>Trend test</source>
      <translation>Test de tendance</translation>
    </message>
    <message>
      <source>Intensifying, persistent and diminishing are told apart by the Mann-Kendall test (Mann 1945, Kendall 1975) at the 5% level, run on each cell's neighbourhood counts per step (the weighted event count within the neighbourhood distance, each step on its own). Unlike the Gi* z-scores, these counts have no truncated first steps and successive steps share no events. Serial correlation (busy months following busy months) inflates the variance of the Mann-Kendall statistic (Hamed and Rao 1998), and estimates of it from a single series of 20 to 40 steps are far too low. The variance is therefore multiplied by a factor pooled over groups of about 50 cells with similar counts: the spread of the difference between the Mann-Kendall z of each cell's first and second halves (a steady trend cancels out, so trending cells do not inflate it), never decreasing as counts grow, extended from half the steps to all of them, never below 1. The log gives the factors used. Assumptions: cells with similar counts share the same serial correlation, which fades roughly geometrically from one step to the next. The p-values are not to be trusted with fewer than about 10 steps, with only a few hundred cells or fewer (the factor is then poorly estimated), when many cells change abruptly halfway through the period, or when the whole study area swings up or down together (a city-wide swing is not corrected for: look at it with the Trends algorithm).</source>
      <translation>Les points en intensification, persistants et en diminution sont distingués par le test de Mann-Kendall (Mann 1945, Kendall 1975) au seuil de 5 %, appliqué aux effectifs du voisinage de chaque cellule par pas (le nombre pondéré d'événements à moins de la distance de voisinage, chaque pas pris isolément). Contrairement aux scores z de Gi*, ces effectifs n'ont pas de premiers pas tronqués et deux pas successifs ne partagent aucun événement. L'autocorrélation (des mois chargés suivis de mois chargés) gonfle la variance de la statistique de Mann-Kendall (Hamed et Rao 1998), et l'estimer sur une seule série de 20 à 40 pas la sous-estime fortement. La variance est donc multipliée par un facteur mis en commun sur des groupes d'environ 50 cellules aux effectifs voisins : la dispersion de l'écart entre les z de Mann-Kendall de la première et de la seconde moitié de chaque cellule (une tendance régulière s'annule, si bien que les cellules en tendance ne le gonflent pas), jamais décroissant quand les effectifs augmentent, étendu de la moitié des pas à la totalité, jamais inférieur à 1. Le journal donne les facteurs utilisés. Hypothèses : les cellules aux effectifs voisins ont la même autocorrélation, qui s'estompe à peu près géométriquement d'un pas au suivant. Les p-valeurs ne sont pas fiables avec moins d'environ 10 pas, avec quelques centaines de cellules ou moins (le facteur est alors mal estimé), quand beaucoup de cellules changent brusquement vers le milieu de la période, ou quand toute la zone d'étude monte ou baisse d'un bloc (une fluctuation commune à toute la ville n'est pas corrigée : examinez-la avec l'algorithme Tendances).</translation>
    </message>
    <message>
      <source>Uncertain times</source>
      <translation>Heures incertaines</translation>
    </message>
    <message>
      <source>With a window end field (TIME_END_FIELD), an event known only to have happened within a window (a burglary between 08:00 and 18:30) counts in the time step that holds the middle of its window. The log counts the windows and their median length, and warns when more than a tenth of them are longer than a time step: their step is then uncertain (Ratcliffe 2002).</source>
      <translation>Avec un champ de fin de fenêtre (TIME_END_FIELD), un fait dont on sait seulement qu'il a eu lieu dans une fenêtre (un cambriolage entre 08:00 et 18:30) compte dans le pas de temps qui contient le milieu de sa fenêtre. Le journal compte les fenêtres et leur durée médiane, et avertit quand plus d'un dixième d'entre elles sont plus longues qu'un pas de temps : leur pas est alors incertain (Ratcliffe 2002).</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>Catégories</translation>
    </message>
    <message>
      <source>The category raster, the trend raster, a table of cells per category, the number of time steps; the log gives the period, the steps, the cube's mean and standard deviation and the number of hot and cold bins.</source>
      <translation>Le raster des catégories, le raster de tendance, une table des cellules par catégorie, le nombre de pas de temps ; le journal donne la période, les pas, la moyenne et l'écart-type du cube et le nombre de cases chaudes et froides.</translation>
    </message>
    <message>
      <source>Categories depend on the cell size, neighbourhood and time step; about 10 or more steps are needed for a meaningful trend. Hot and cold bins are tested over the whole cube: with many steps, a weak hot spot may be missed at some steps and fall below the 90% rule.</source>
      <translation>Les catégories dépendent de la taille de cellule, du voisinage et du pas de temps ; il faut environ 10 pas ou plus pour qu'une tendance ait un sens. Les cases chaudes et froides sont testées sur tout le cube : avec beaucoup de pas, un point chaud faible peut passer inaperçu à certains pas et tomber sous la règle des 90 %.</translation>
    </message>
    <message>
      <source>Length of one slice of the space-time cube, aligned on the calendar. The period must hold at least {} steps (the trend test needs them): use a shorter step for a short period.</source>
      <translation>Durée d'une tranche du cube spatio-temporel, alignée sur le calendrier. La période doit contenir au moins {} pas (le test de tendance en a besoin) : prenez un pas plus court pour une période courte.</translation>
    </message>
    <message>
      <source>{} time steps of one {}, from {} to {}.</source>
      <translation>{} pas de temps ({}), du {} au {}.</translation>
    </message>
    <message>
      <source>Trend test: Mann-Kendall on each cell's neighbourhood counts per step, its variance multiplied by a factor estimated from cells with similar counts (median factor {}, largest {}).</source>
      <translation>Test de tendance : Mann-Kendall sur les effectifs du voisinage de chaque cellule par pas, sa variance multipliée par un facteur estimé sur les cellules aux effectifs voisins (facteur médian {}, plus grand {}).</translation>
    </message>
    <message>
      <source>Hot spot trend (z)</source>
      <translation>Tendance des points chauds (z)</translation>
    </message>
    <message>
      <source>The space-time cube would hold {} bins ({} cells x {} time steps), about {} MB of working memory, more than the memory guard allows ({} MB for a largest grid of {} cells). Use cells of {} m or more, or at most {} time steps (a longer time step or a shorter period), or raise 'Largest grid allowed'.</source>
      <translation>Le cube spatio-temporel compterait {} cases ({} cellules x {} pas de temps), soit environ {} Mo de mémoire de travail, plus que le garde-fou mémoire ne le permet ({} Mo pour une plus grande grille de {} cellules). Prenez des cellules de {} m ou plus, ou au plus {} pas de temps (un pas de temps plus long ou une période plus courte), ou augmentez « Plus grande grille autorisée ».</translation>
    </message>
    <message>
      <source>Left out as incomplete time steps (their events are not counted): {}.</source>
      <translation>Écartés comme pas de temps incomplets (leurs événements ne sont pas comptés) : {}.</translation>
    </message>
    <message>
      <source>all selected events</source>
      <translation>tous les faits sélectionnés</translation>
    </message>
    <message>
      <source>One model per crime type needs the crime type field: choose the crime type field, or untick 'one model per crime type'.</source>
      <translation>Un modèle par type d'infraction nécessite le champ du type d'infraction : choisissez ce champ, ou décochez « Un modèle par type d'infraction ».</translation>
    </message>
    <message>
      <source>(no crime type)</source>
      <translation>(sans type d'infraction)</translation>
    </message>
    <message>
      <source>Length of the forecast period in days: 1 for the next day, 7 for the next week, 0.333 for an 8-hour shift.</source>
      <translation>Durée de la période de prévision en jours : 1 pour le lendemain, 7 pour la semaine suivante, 0,333 pour une vacation de 8 heures.</translation>
    </message>
    <message>
      <source>GeoTIFF of the expected number of events per cell over [AS_OF, AS_OF + HORIZON) (float32, nodata outside the study area), styled by risk percentile; one band per crime type with the per-type option.</source>
      <translation>GeoTIFF du nombre attendu de faits par cellule sur [AS_OF, AS_OF + HORIZON) (float32, nodata hors de la zone d'étude), stylisé par centile de risque ; une bande par type d'infraction avec l'option par type.</translation>
    </message>
    <message>
      <source>Writing the outputs...</source>
      <translation>Écriture des sorties...</translation>
    </message>
    <message>
      <source>With a window end field (TIME_END_FIELD) the model places each event at the start of its window, and the hour-of-week profiles spread it over the window's hours.</source>
      <translation>Avec un champ de fin de fenêtre (TIME_END_FIELD), le modèle place chaque événement au début de sa fenêtre, et les profils heure × jour de la semaine le répartissent sur les heures de la fenêtre.</translation>
    </message>
    <message>
      <source>JSON files (*.json)</source>
      <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
      <source>Expected events over the horizon (all bands)</source>
      <translation>Faits attendus sur l'horizon (toutes bandes)</translation>
    </message>
    <message>
      <source>Optional shift, e.g. 22-06 (night, past midnight), 06-14, or 22-06 Fri,Sat: the forecast is then the expected number of events within those hours over the horizon. The whole-period forecast of each cell is multiplied by the share of the cell's events expected in the shift's hours on the horizon's days, from its hour-of-week profile shrunk towards its neighbourhood's (5 x 5 cells) and the whole area's by empirical Bayes, per crime type with one model per type. Weekdays: Mon Tue Wed Thu Fri Sat Sun (or lun ... dim), lists or ranges (Mon-Fri).</source>
      <translation>Vacation facultative, p. ex. 22-06 (la nuit, après minuit), 06-14, ou 22-06 Fri,Sat : la prévision est alors le nombre attendu d'événements dans ces heures sur l'horizon. La prévision de chaque cellule sur toute la période est multipliée par la part de ses événements attendue dans les heures de la vacation les jours de l'horizon, d'après son profil heure × jour de la semaine rétréci vers celui de son voisinage (5 × 5 cellules) et celui de toute la zone par Bayes empirique, par type de délit avec un modèle par type. Jours : Mon Tue Wed Thu Fri Sat Sun (ou lun … dim), en liste ou en plage (Mon-Fri).</translation>
    </message>
    <message>
      <source>Fitting and forecasting: {} ({} events)...</source>
      <translation>Estimation et prévision : {} ({} faits)...</translation>
    </message>
    <message>
      <source>Fitted parameters ({}):</source>
      <translation>Paramètres estimés ({}) :</translation>
    </message>
    <message>
      <source>Hot spots (Gi*)</source>
      <translation>Points chauds (Gi*)</translation>
    </message>
    <message>
      <source>Neighbourhood distance (metres)</source>
      <translation>Distance de voisinage (mètres)</translation>
    </message>
    <message>
      <source>Cells whose centres lie within this distance of a cell's centre are its neighbours (the cell itself included). At least one cell size. 0 uses two cell sizes (the log gives the value). Choose the scale of the pattern you look for: a street block, a neighbourhood.</source>
      <translation>Les cellules dont le centre est à moins de cette distance du centre d'une cellule sont ses voisines (la cellule elle-même comprise). Au moins une taille de cellule. 0 prend deux tailles de cellule (le journal donne la valeur). Choisissez l'échelle du motif recherché : un pâté de maisons, un quartier.</translation>
    </message>
    <message>
      <source>Binary: every neighbour counts fully (ArcGIS 'fixed distance band'). Inverse distance: a neighbour d cells away weighs 1/d, distances floored at one cell.</source>
      <translation>Binaire : chaque voisin compte pleinement (« bande de distance fixe » d'ArcGIS). Inverse de la distance : un voisin situé à d cellules pèse 1/d, les distances étant ramenées à au moins une cellule.</translation>
    </message>
    <message>
      <source>Every cell is a test, so some cells pass by chance. The false discovery rate correction (default) keeps the expected share of false hot and cold spots below the confidence level's error rate; 'None' compares each raw p-value with 0.01, 0.05 and 0.10.</source>
      <translation>Chaque cellule est un test, donc certaines ressortent par hasard. La correction du taux de fausses découvertes (par défaut) maintient la part attendue de faux points chauds et froids sous le taux d'erreur du niveau de confiance ; « Aucune » compare chaque p-valeur brute à 0,01, 0,05 et 0,10.</translation>
    </message>
    <message>
      <source>Automatic (default) runs the exact test, valid at any density; it falls back on the normal approximation only for dense counts where it is adequate, else on permutations. Permutations: random draws of the study area's counts, the smallest p-value is 1 / (permutations + 1). Normal: the classic z-score p-value, too optimistic on sparse counts (false hot spots). The log names the inference used.</source>
      <translation>Automatique (par défaut) lance le test exact, valable à toute densité ; il ne se rabat sur l'approximation normale que pour des comptages denses où elle est adéquate, sinon sur des permutations. Permutations : tirages aléatoires parmi les comptages de la zone d'étude, la plus petite p-valeur possible est 1 / (permutations + 1). Normale : la p-valeur classique du score z, trop optimiste sur des comptages épars (faux points chauds). Le journal indique l'inférence utilisée.</translation>
    </message>
    <message>
      <source>Random draws per neighbourhood when the permutation inference runs: 999 allows p = 0.001. Ignored by the exact and normal inferences.</source>
      <translation>Tirages aléatoires par voisinage quand l'inférence par permutations s'applique : 999 permet p = 0,001. Sans effet pour les inférences exacte et normale.</translation>
    </message>
    <message>
      <source>exact test (convolution of the study area's count distribution)</source>
      <translation>test exact (convolution de la distribution des comptages de la zone d'étude)</translation>
    </message>
    <message>
      <source>normal approximation of z</source>
      <translation>approximation normale de z</translation>
    </message>
    <message>
      <source>Hot spot, 99% confidence</source>
      <translation>Point chaud, confiance 99 %</translation>
    </message>
    <message>
      <source>Hot spot, 95% confidence</source>
      <translation>Point chaud, confiance 95 %</translation>
    </message>
    <message>
      <source>Hot spot, 90% confidence</source>
      <translation>Point chaud, confiance 90 %</translation>
    </message>
    <message>
      <source>Not significant</source>
      <translation>Non significatif</translation>
    </message>
    <message>
      <source>Cold spot, 90% confidence</source>
      <translation>Point froid, confiance 90 %</translation>
    </message>
    <message>
      <source>Cold spot, 95% confidence</source>
      <translation>Point froid, confiance 95 %</translation>
    </message>
    <message>
      <source>Cold spot, 99% confidence</source>
      <translation>Point froid, confiance 99 %</translation>
    </message>
    <message>
      <source>GeoTIFF of the Gi* z-score of each cell (float32, nodata outside the study area), styled blue (cold) - white - red (hot).</source>
      <translation>GeoTIFF du score z de Gi* de chaque cellule (float32, nodata hors de la zone d'étude), stylisé bleu (froid) - blanc - rouge (chaud).</translation>
    </message>
    <message>
      <source>GeoTIFF of the class of each cell: 3, 2, 1 hot spot at 99, 95, 90% confidence; 0 not significant; -1, -2, -3 cold spot at 90, 95, 99% confidence. Styled with the usual red-to-blue legend.</source>
      <translation>GeoTIFF de la classe de chaque cellule : 3, 2, 1 point chaud à 99, 95, 90 % de confiance ; 0 non significatif ; -1, -2, -3 point froid à 90, 95, 99 % de confiance. Stylisé avec la légende habituelle du rouge au bleu.</translation>
    </message>
    <message>
      <source>no cell significant</source>
      <translation>aucune cellule significative</translation>
    </message>
    <message>
      <source>Neighbour weights</source>
      <translation>Pondération des voisins</translation>
    </message>
    <message>
      <source>Multiple testing correction</source>
      <translation>Correction des tests multiples</translation>
    </message>
    <message>
      <source>Inference (how p-values are computed)</source>
      <translation>Inférence (calcul des p-valeurs)</translation>
    </message>
    <message>
      <source>Permutations</source>
      <translation>Permutations</translation>
    </message>
    <message>
      <source>Gi* z-scores</source>
      <translation>Scores z de Gi*</translation>
    </message>
    <message>
      <source>Gi* classes</source>
      <translation>Classes de Gi*</translation>
    </message>
    <message>
      <source>Hot spot cells (90% or more)</source>
      <translation>Cellules en point chaud (90 % ou plus)</translation>
    </message>
    <message>
      <source>Cold spot cells (90% or more)</source>
      <translation>Cellules en point froid (90 % ou plus)</translation>
    </message>
    <message>
      <source>Where do crime counts cluster more (hot spots) or less (cold spots) than chance would give? Events are counted per grid cell and each cell's neighbourhood total is compared with the study area's mean: the Getis-Ord Gi* statistic, as in ArcGIS 'Hot Spot Analysis' on a fishnet of counts.</source>
      <translation>Où les nombres de faits se concentrent-ils plus (points chauds) ou moins (points froids) que ne le donnerait le hasard ? Les faits sont comptés par cellule de la grille et le total du voisinage de chaque cellule est comparé à la moyenne de la zone d'étude : la statistique Gi* de Getis-Ord, comme l'« Analyse des points chauds » d'ArcGIS sur un maillage (fishnet) de comptages.</translation>
    </message>
    <message>
      <source>For cell i, Gi* z = (sum_j w_ij x_j - mean x W_i) / (s sqrt((n S1_i - W_i²) / (n - 1))), with x the counts, n the cells of the study area, W_i the sum and S1_i the sum of squares of the neighbour weights (the cell itself included). A z above 0 means more events around the cell than average. With the false discovery rate correction a cell is in the 99 / 95 / 90% class when the Benjamini-Hochberg procedure at level 0.01 / 0.05 / 0.10 over all cells discovers it. Cells outside the mask are left out of the statistic.</source>
      <translation>Pour la cellule i, z de Gi* = (sum_j w_ij x_j - mean x W_i) / (s sqrt((n S1_i - W_i²) / (n - 1))), avec x les comptages, n les cellules de la zone d'étude, W_i la somme et S1_i la somme des carrés des poids des voisins (la cellule elle-même comprise). Un z supérieur à 0 signifie plus de faits autour de la cellule qu'en moyenne. Avec la correction du taux de fausses découvertes, une cellule est dans la classe 99 / 95 / 90 % quand la procédure de Benjamini-Hochberg au niveau 0,01 / 0,05 / 0,10 sur toutes les cellules la détecte. Les cellules hors du masque sont exclues de la statistique.</translation>
    </message>
    <message>
      <source>Null hypothesis: no spatial association, i.e. the counts of a neighbourhood are a random draw from the counts of the study area (total randomisation, Getis &amp;amp; Ord 1992). By default the p-value is exact: the distribution of the neighbourhood total is the convolution of the study area's own count distribution (computed by FFT once per neighbourhood shape, full or cut by the edge or the mask, so skewed and overdispersed counts are handled as they are), drawn with replacement, which differs negligibly from without when the study area holds many more cells than a neighbourhood. Inverse-distance weights are rounded to multiples of 0.01 (0.1 at most on very large counts), fractional counts to 1/1000 of their range (the log says so). p-values are two-sided (twice the smaller tail, no mid-p), so the test never rejects more often than its level. The normal approximation of z, used by ArcGIS and earlier versions, is far too optimistic on sparse counts: at 0.02 events per cell two events within 300 m get p = 0.0006 where the exact probability is about 0.03. It runs only when asked, or automatically on dense counts whose neighbourhood totals are nearly symmetric. Permutations (Anselin 1995, as in GeoDa and PySAL) are offered too; their smallest p-value, 1 / (permutations + 1), makes few cells pass the false discovery rate correction on large grids.</source>
      <translation>Hypothèse nulle : aucune association spatiale, c'est-à-dire que les comptages d'un voisinage sont un tirage au hasard parmi les comptages de la zone d'étude (randomisation totale, Getis &amp;amp; Ord 1992). Par défaut la p-valeur est exacte : la distribution du total d'un voisinage est la convolution de la distribution des comptages de la zone d'étude elle-même (calculée par FFT une fois par forme de voisinage, complète ou coupée par le bord ou le masque, si bien que les comptages asymétriques et surdispersés sont pris tels qu'ils sont), tirés avec remise, ce qui diffère de façon négligeable d'un tirage sans remise quand la zone d'étude compte beaucoup plus de cellules qu'un voisinage. Les poids en inverse de la distance sont arrondis à des multiples de 0,01 (0,1 au plus sur de très grands comptages), les comptages non entiers au millième de leur étendue (le journal le signale). Les p-valeurs sont bilatérales (deux fois la plus petite queue, sans mid-p) : le test ne rejette donc jamais plus souvent que son niveau. L'approximation normale de z, utilisée par ArcGIS et les versions précédentes, est bien trop optimiste sur des comptages épars : à 0,02 fait par cellule, deux faits à moins de 300 m obtiennent p = 0,0006 alors que la probabilité exacte est d'environ 0,03. Elle ne s'applique que sur demande, ou automatiquement sur des comptages denses dont les totaux de voisinage sont presque symétriques. Les permutations (Anselin 1995, comme dans GeoDa et PySAL) sont aussi proposées ; leur plus petite p-valeur, 1 / (permutations + 1), laisse peu de cellules franchir la correction du taux de fausses découvertes sur de grandes grilles.</translation>
    </message>
    <message>
      <source>When not to trust the p-values</source>
      <translation>Quand ne pas se fier aux p-valeurs</translation>
    </message>
    <message>
      <source>Cold spots need a neighbourhood emptier than chance, which is impossible when counts are sparse: at 0.02 events per cell an empty 13-cell neighbourhood happens 77% of the time. The log then warns that no cold spot can appear; use larger cells or a larger neighbourhood. All tests assume the cells are exchangeable under the null: a strong trend across the city, or counts that reflect the population at risk, make many cells significant for reasons other than clustering. Neighbouring cells share events, so their tests are dependent; the false discovery rate correction still holds under this positive dependence. With the normal approximation on sparse counts, hot spots are over-reported.</source>
      <translation>Un point froid demande un voisinage plus vide que ne le donnerait le hasard, ce qui est impossible quand les comptages sont épars : à 0,02 fait par cellule, un voisinage de 13 cellules est vide 77 % du temps. Le journal avertit alors qu'aucun point froid ne peut apparaître ; utilisez des cellules plus grandes ou un voisinage plus large. Tous les tests supposent les cellules échangeables sous l'hypothèse nulle : une forte tendance à travers la ville, ou des comptages qui reflètent la population exposée, rendent de nombreuses cellules significatives pour d'autres raisons qu'une concentration. Des cellules voisines partagent des faits, leurs tests sont donc dépendants ; la correction du taux de fausses découvertes reste valable sous cette dépendance positive. Avec l'approximation normale sur des comptages épars, les points chauds sont surestimés.</translation>
    </message>
    <message>
      <source>A z-score raster, a class raster (-3 .. 3) with the classic legend, the numbers of hot and cold cells, and in the log the neighbourhood, weights, number of cells, mean and standard deviation of the counts and the p-value cut-offs of the correction.</source>
      <translation>Un raster des scores z, un raster des classes (-3 .. 3) avec la légende classique, le nombre de cellules chaudes et froides, et dans le journal le voisinage, les poids, le nombre de cellules, la moyenne et l'écart-type des comptages et les seuils de p-valeur de la correction.</translation>
    </message>
    <message>
      <source>Without an extent or mask the study area is the events' bounding box; give the real boundary as mask, or empty corners lower the mean and make hot spots easier to find. Results depend on the cell size and the neighbourhood distance: try two or three values. Recorded crime reflects reporting and patrol patterns as well as crime.</source>
      <translation>Sans emprise ni masque, la zone d'étude est le rectangle englobant des faits ; donnez la vraie limite comme masque, sinon les coins vides abaissent la moyenne et font apparaître des points chauds trop facilement. Les résultats dépendent de la taille de cellule et de la distance de voisinage : essayez deux ou trois valeurs. La délinquance enregistrée reflète les pratiques de plainte et de patrouille autant que la délinquance elle-même.</translation>
    </message>
    <message>
      <source>conditional permutations ({} draws, seed {})</source>
      <translation>permutations conditionnelles ({} tirages, graine {})</translation>
    </message>
    <message>
      <source>Inference: {}</source>
      <translation>Inférence : {}</translation>
    </message>
    <message>
      <source>Gi* z-score</source>
      <translation>Score z de Gi*</translation>
    </message>
    <message>
      <source>Gi* hot and cold spots</source>
      <translation>Points chauds et froids Gi*</translation>
    </message>
    <message>
      <source>Binary (every neighbour weighs 1)</source>
      <translation>Binaire (chaque voisin pèse 1)</translation>
    </message>
    <message>
      <source>Inverse distance (1/d in cells)</source>
      <translation>Inverse de la distance (1/d en cellules)</translation>
    </message>
    <message>
      <source>False discovery rate (Benjamini-Hochberg)</source>
      <translation>Taux de fausses découvertes (Benjamini-Hochberg)</translation>
    </message>
    <message>
      <source>None (raw p-values)</source>
      <translation>Aucune (p-valeurs brutes)</translation>
    </message>
    <message>
      <source>Automatic (exact test where it applies)</source>
      <translation>Automatique (test exact quand il s'applique)</translation>
    </message>
    <message>
      <source>Exact test (convolution of the count distribution)</source>
      <translation>Test exact (convolution de la distribution des comptages)</translation>
    </message>
    <message>
      <source>Conditional permutations</source>
      <translation>Permutations conditionnelles</translation>
    </message>
    <message>
      <source>Normal approximation of z</source>
      <translation>Approximation normale de z</translation>
    </message>
    <message>
      <source>The counts are not whole numbers: the exact test rounds them to steps of {}.</source>
      <translation>Les comptages ne sont pas entiers : le test exact les arrondit par pas de {}.</translation>
    </message>
    <message>
      <source>No cold spot can appear at this density: with {} events per cell on average, even a neighbourhood without any event has a p-value of {} at best, above 0.10. The map shows hot spots only; use larger cells or a larger neighbourhood distance to look for cold spots.</source>
      <translation>Aucun point froid ne peut apparaître à cette densité : avec {} fait(s) par cellule en moyenne, même un voisinage sans aucun fait a au mieux une p-valeur de {}, au-dessus de 0,10. La carte ne montre que des points chauds ; utilisez des cellules plus grandes ou une distance de voisinage plus grande pour chercher des points froids.</translation>
    </message>
    <message>
      <source>All {} events fall in a single {} m grid cell, so there is nothing to compare: Gi* is undefined (zero variance). Use a smaller cell size, or give an extent or mask covering several cells.</source>
      <translation>Les {} faits tombent tous dans une seule cellule de {} m : il n'y a rien à comparer, Gi* n'est pas défini (variance nulle). Utilisez une taille de cellule plus petite, ou donnez une emprise ou un masque couvrant plusieurs cellules.</translation>
    </message>
    <message>
      <source>Intervention evaluation</source>
      <translation>Évaluation d'une intervention</translation>
    </message>
    <message>
      <source>intervention start</source>
      <translation>début de l'intervention</translation>
    </message>
    <message>
      <source>Where the intervention took place: the patrol zones CrimeRisk produced, or any polygons. All polygons together form the treated area.</source>
      <translation>Où l'intervention a eu lieu : les zones de patrouille produites par CrimeRisk, ou tout autre polygone. L'ensemble des polygones forme la zone traitée.</translation>
    </message>
    <message>
      <source>Catchment width (metres)</source>
      <translation>Largeur de la zone tampon (mètres)</translation>
    </message>
    <message>
      <source>Width of the ring around the treated areas where displaced crime (or a diffusion of benefits) would show. 200-500 m suits foot or car patrols of hot spots (one to three street blocks; Bowers et al. 2011); it should be reachable on foot yet not so wide that the effect is diluted. 0: no catchment.</source>
      <translation>Largeur de l'anneau autour des zones traitées où apparaîtrait la délinquance déplacée (ou une diffusion des bénéfices). 200 à 500 m conviennent aux patrouilles à pied ou en voiture sur des points chauds (un à trois pâtés de maisons ; Bowers et al. 2011) : assez près pour s'y rendre à pied, pas si large que l'effet s'y dilue. 0 : pas de zone tampon.</translation>
    </message>
    <message>
      <source>Optional polygons of the catchment instead of the ring (the treated areas are cut out of them).</source>
      <translation>Polygones facultatifs de la zone tampon à la place de l'anneau (les zones traitées en sont retirées).</translation>
    </message>
    <message>
      <source>Optional polygons of comparable areas that got no intervention. They must not overlap the treated areas; any part inside the catchment is left out. Empty: the control method below.</source>
      <translation>Polygones facultatifs de zones comparables sans intervention. Ils ne doivent pas chevaucher les zones traitées ; toute partie dans la zone tampon est écartée. Vide : la méthode de contrôle ci-dessous.</translation>
    </message>
    <message>
      <source>Rest of the study area: the mask (else the extent, else the events' extent) outside the treated areas and the catchment. Matched cells: for each grid cell of the treated areas, the cells outside treated and catchment areas nearest in pre-period mean count and trend (greedy nearest-neighbour matching without replacement); use it when the treated areas were chosen for being busy. The catchment, not chosen that way, keeps the rest of the study area as control.</source>
      <translation>Reste de la zone d'étude : le masque (sinon l'emprise, sinon l'emprise des événements) hors zones traitées et zone tampon. Mailles appariées : pour chaque maille des zones traitées, les mailles hors zones traitées et zone tampon les plus proches par leur moyenne et leur tendance avant l'intervention (appariement glouton au plus proche voisin, sans remise) ; à utiliser quand les zones traitées ont été choisies parce qu'elles étaient chargées. La zone tampon, qui n'a pas été choisie ainsi, garde le reste de la zone d'étude comme témoin.</translation>
    </message>
    <message>
      <source>Side of the grid cells matched as control (matched control only). Use the cell size the treated areas were made of (e.g. the patrol zones' cells) so that treated and control cells are alike.</source>
      <translation>Côté des mailles appariées comme témoin (contrôle apparié seulement). Prenez la taille des mailles dont sont faites les zones traitées (par ex. celles des zones de patrouille) pour que mailles traitées et témoins se ressemblent.</translation>
    </message>
    <message>
      <source>How many control cells each treated cell gets when the control is matched.</source>
      <translation>Nombre de mailles témoins attribuées à chaque maille traitée quand le contrôle est apparié.</translation>
    </message>
    <message>
      <source>First day of the intervention: the post-period starts here.</source>
      <translation>Premier jour de l'intervention : la période après commence ici.</translation>
    </message>
    <message>
      <source>Last day of the post-period (inclusive). Empty: the day of the last event.</source>
      <translation>Dernier jour de la période après (inclus). Vide : le jour du dernier événement.</translation>
    </message>
    <message>
      <source>First day of the pre-period, which ends the day before the intervention starts. Empty: as long as the post-period. Periods of different lengths are compared as rates per day.</source>
      <translation>Premier jour de la période avant, qui se termine la veille du début de l'intervention. Vide : aussi longue que la période après. Des périodes de longueurs différentes sont comparées en taux par jour.</translation>
    </message>
    <message>
      <source>Counts per area are modelled per week or per 4 weeks; 4 weeks absorbs short bursts of repeat crime. Each of the pre- and post-periods needs at least 2 of them.</source>
      <translation>Les comptages par zone sont modélisés par semaine ou par 4 semaines ; 4 semaines absorbent les courtes flambées de répétitions. Les périodes avant et après en demandent chacune au moins 2.</translation>
    </message>
    <message>
      <source>Level of the confidence intervals.</source>
      <translation>Niveau des intervalles de confiance.</translation>
    </message>
    <message>
      <source>One row per area kind (treated, catchment, control) and period (pre, post): dates, events, events per week; on post rows the change relative to control with its interval and p-value, the raw before/after change and its E-test p-value.</source>
      <translation>Une ligne par type de zone (traitée, tampon, témoin) et par période (avant, après) : dates, événements, événements par semaine ; sur les lignes « après », la variation par rapport au témoin avec son intervalle et sa p-valeur, la variation brute avant/après et la p-valeur de son E-test.</translation>
    </message>
    <message>
      <source>Intervention report</source>
      <translation>Rapport d'évaluation de l'intervention</translation>
    </message>
    <message>
      <source>Optional HTML report: the weekly series with the intervention marked, the estimates in words, the table and the caveats.</source>
      <translation>Rapport HTML facultatif : les séries hebdomadaires avec l'intervention marquée, les estimations en toutes lettres, le tableau et les mises en garde.</translation>
    </message>
    <message>
      <source>catchment layer</source>
      <translation>zone tampon de la couche</translation>
    </message>
    <message>
      <source>control layer</source>
      <translation>couche témoin</translation>
    </message>
    <message>
      <source>rest of the study area</source>
      <translation>reste de la zone d'étude</translation>
    </message>
    <message>
      <source>Recorded crime depends on police presence: patrols can record more crime (or deter reports) in the treated areas, so a change in records is not only a change in crime.</source>
      <translation>La délinquance enregistrée dépend de la présence policière : les patrouilles peuvent enregistrer davantage de faits (ou décourager des plaintes) dans les zones traitées, si bien qu'une variation des enregistrements n'est pas seulement une variation de la délinquance.</translation>
    </message>
    <message>
      <source>Did the intervention work?</source>
      <translation>L'intervention a-t-elle marché ?</translation>
    </message>
    <message>
      <source>Estimates</source>
      <translation>Estimations</translation>
    </message>
    <message>
      <source>WDD: post minus pre counts in treated and catchment areas, minus the control's change brought to their scale; negative means crime prevented. WDQ below 0: displacement; above 0: diffusion of benefits; below -1: the displacement outweighs the gain.</source>
      <translation>WDD : comptages après moins avant dans les zones traitées et tampon, moins la variation du témoin ramenée à leur échelle ; négatif signifie des faits évités. WDQ inférieur à 0 : déplacement ; supérieur à 0 : diffusion des bénéfices ; inférieur à -1 : le déplacement l'emporte sur le gain.</translation>
    </message>
    <message>
      <source>The WDD's published test (Wheeler &amp; Ratcliffe 2018) assumes Poisson counts. Crime counts usually vary more than that and from one period to the next, and the published test then finds an effect too often. The verdict therefore uses the WDD's variance multiplied by the counts' overdispersion and autocorrelation, as fitted by the count model, with Student's t; on Poisson counts both agree.</source>
      <translation>Le test publié de la WDD (Wheeler &amp; Ratcliffe 2018) suppose des comptages de Poisson. Les comptages de délits varient d'ordinaire davantage, et d'une période à la suivante, et le test publié trouve alors un effet trop souvent. Le verdict utilise donc la variance de la WDD multipliée par la surdispersion et l'autocorrélation des comptages estimées par le modèle de comptage, avec la loi de Student ; sur des comptages de Poisson, les deux concordent.</translation>
    </message>
    <message>
      <source>Counts by area and period</source>
      <translation>Comptages par zone et par période</translation>
    </message>
    <message>
      <source>before</source>
      <translation>avant</translation>
    </message>
    <message>
      <source>after</source>
      <translation>après</translation>
    </message>
    <message>
      <source>This evaluation covers areas only: catchments along the street network are not available yet.</source>
      <translation>Cette évaluation ne porte que sur des zones : les zones tampons le long du réseau de rues ne sont pas encore disponibles.</translation>
    </message>
    <message>
      <source>treated</source>
      <translation>traitée</translation>
    </message>
    <message>
      <source>catchment</source>
      <translation>zone tampon</translation>
    </message>
    <message>
      <source>control</source>
      <translation>témoin</translation>
    </message>
    <message>
      <source>Treated areas (polygons)</source>
      <translation>Zones traitées (polygones)</translation>
    </message>
    <message>
      <source>Catchment areas (polygons)</source>
      <translation>Zones tampons (polygones)</translation>
    </message>
    <message>
      <source>Control areas (polygons)</source>
      <translation>Zones témoins (polygones)</translation>
    </message>
    <message>
      <source>Control when no control layer is given</source>
      <translation>Témoin en l'absence de couche témoin</translation>
    </message>
    <message>
      <source>Matched cells per treated cell</source>
      <translation>Mailles appariées par maille traitée</translation>
    </message>
    <message>
      <source>Intervention start</source>
      <translation>Début de l'intervention</translation>
    </message>
    <message>
      <source>Intervention end</source>
      <translation>Fin de l'intervention</translation>
    </message>
    <message>
      <source>Pre-period start</source>
      <translation>Début de la période avant</translation>
    </message>
    <message>
      <source>Model period</source>
      <translation>Pas du modèle</translation>
    </message>
    <message>
      <source>Confidence level (%)</source>
      <translation>Niveau de confiance (%)</translation>
    </message>
    <message>
      <source>Before/after table</source>
      <translation>Tableau avant/après</translation>
    </message>
    <message>
      <source>Change in the treated areas relative to control (%)</source>
      <translation>Variation dans les zones traitées par rapport au témoin (%)</translation>
    </message>
    <message>
      <source>Lower bound of the change (%)</source>
      <translation>Borne basse de la variation (%)</translation>
    </message>
    <message>
      <source>Upper bound of the change (%)</source>
      <translation>Borne haute de la variation (%)</translation>
    </message>
    <message>
      <source>p-value of the change</source>
      <translation>p-valeur de la variation</translation>
    </message>
    <message>
      <source>Change in the catchment relative to control (%)</source>
      <translation>Variation dans la zone tampon par rapport au témoin (%)</translation>
    </message>
    <message>
      <source>Lower bound of the catchment change (%)</source>
      <translation>Borne basse de la variation dans la zone tampon (%)</translation>
    </message>
    <message>
      <source>Upper bound of the catchment change (%)</source>
      <translation>Borne haute de la variation dans la zone tampon (%)</translation>
    </message>
    <message>
      <source>Weighted displacement difference (events)</source>
      <translation>Différence de déplacement pondérée (événements)</translation>
    </message>
    <message>
      <source>WDD z-score (variance scaled for overdispersion)</source>
      <translation>Score z de la WDD (variance corrigée de la surdispersion)</translation>
    </message>
    <message>
      <source>WDD p-value (variance scaled for overdispersion)</source>
      <translation>p-valeur de la WDD (variance corrigée de la surdispersion)</translation>
    </message>
    <message>
      <source>Weighted displacement quotient</source>
      <translation>Quotient de déplacement pondéré</translation>
    </message>
    <message>
      <source>Total net effect (events prevented)</source>
      <translation>Effet net total (événements évités)</translation>
    </message>
    <message>
      <source>Pearson dispersion of the count model</source>
      <translation>Dispersion de Pearson du modèle de comptage</translation>
    </message>
    <message>
      <source>Summary in words</source>
      <translation>Résumé en toutes lettres</translation>
    </message>
    <message>
      <source>Did the deployment work? Compares crime before and after an intervention in the treated areas with control areas that got none, and checks whether crime moved into a catchment around them (displacement) or fell there too (diffusion of benefits). Covers areas only: street-network catchments are not available yet.</source>
      <translation>Le déploiement a-t-il marché ? Compare la délinquance avant et après une intervention dans les zones traitées à celle de zones témoins qui n'en ont pas eu, et vérifie si elle s'est déplacée vers une zone tampon autour d'elles (déplacement) ou y a baissé aussi (diffusion des bénéfices). Ne porte que sur des zones : les zones tampons le long du réseau de rues ne sont pas encore disponibles.</translation>
    </message>
    <message>
      <source>The headline is a difference in differences on the rate-ratio scale: a log-linear count model of the counts per area and period (area and period effects, an after effect for the treated areas and for the catchment), fitted by iteratively reweighted least squares; when the Pearson dispersion exceeds 1 it becomes a negative binomial (NB2, alpha by the method of moments with leverage-corrected residuals) and its intervals are widened for the autocorrelation of the residuals (lag 1, less its expectation under independence). Beside it: the weighted displacement difference (WDD), with and without catchment, the control's counts weighted to each area's pre-period level. Its published Poisson z-score finds an effect too often on overdispersed, autocorrelated counts, so WDD_Z, WDD_P and the verdict use its variance multiplied by the overdispersion and autocorrelation the count model found (Student's t); the report shows both. Then the weighted displacement quotient (WDQ) and total net effect; and the E-test for each area's own before/after change. The matched control pairs each grid cell of the treated areas with cells of similar pre-period level and trend.</source>
      <translation>Le résultat principal est une double différence sur l'échelle des rapports de taux : un modèle log-linéaire des comptages par zone et par période (effets zone et période, un effet « après » pour les zones traitées et pour la zone tampon), ajusté par moindres carrés itérativement repondérés ; quand la dispersion de Pearson dépasse 1, il devient binomial négatif (NB2, alpha par la méthode des moments sur des résidus corrigés de leur levier) et ses intervalles sont élargis selon l'autocorrélation des résidus (au retard 1, diminuée de son espérance sous indépendance). À côté : la différence de déplacement pondérée (WDD), avec et sans zone tampon, les comptages du témoin étant ramenés au niveau d'avant de chaque zone. Son score z publié, fondé sur Poisson, trouve un effet trop souvent sur des comptages surdispersés et autocorrélés : WDD_Z, WDD_P et le verdict utilisent donc sa variance multipliée par la surdispersion et l'autocorrélation trouvées par le modèle de comptage (loi de Student) ; le rapport montre les deux. Puis le quotient de déplacement pondéré (WDQ) et l'effet net total ; et l'E-test de la variation avant/après de chaque zone seule. Le témoin apparié associe à chaque maille des zones traitées des mailles de niveau et de tendance semblables avant l'intervention.</translation>
    </message>
    <message>
      <source>Zones chosen for being busy fall back towards the average even without any intervention (regression to the mean): compare with a matched control. Recorded crime depends on police presence: more patrols can record more crime. The control must share the treated areas' trend (parallel trends). Overlapping events on a boundary count once, in the treated area first.</source>
      <translation>Des zones choisies parce qu'elles étaient chargées reviennent vers la moyenne même sans intervention (régression vers la moyenne) : comparez à un témoin apparié. La délinquance enregistrée dépend de la présence policière : plus de patrouilles peuvent enregistrer plus de faits. Le témoin doit suivre la même tendance que les zones traitées (tendances parallèles). Un événement sur une limite commune ne compte qu'une fois, d'abord dans la zone traitée.</translation>
    </message>
    <message>
      <source>The treated areas do not overlap the events' extent: check that TREATED is the right layer (and its CRS), or include the events of the treated areas.</source>
      <translation>Les zones traitées ne recoupent pas l'emprise des événements : vérifiez que TREATED est la bonne couche (et son SCR), ou incluez les événements des zones traitées.</translation>
    </message>
    <message>
      <source>no catchment</source>
      <translation>aucune zone tampon</translation>
    </message>
    <message>
      <source>The treated areas lie outside the study area set by MASK or EXTENT: choose a mask or extent that covers them, or leave both empty.</source>
      <translation>Les zones traitées sont hors de la zone d'étude fixée par MASK ou EXTENT : choisissez un masque ou une emprise qui les couvre, ou laissez les deux vides.</translation>
    </message>
    <message>
      <source>The control areas overlap the treated areas: a control must be crime the intervention did not touch. Remove the overlap from CONTROL, or leave CONTROL empty for an automatic control.</source>
      <translation>Les zones témoins chevauchent les zones traitées : un témoin doit être une délinquance que l'intervention n'a pas touchée. Retirez le chevauchement de CONTROL, ou laissez CONTROL vide pour un témoin automatique.</translation>
    </message>
    <message>
      <source>The catchment swallows the control area: nothing is left to compare with. Choose a narrower CATCHMENT_DISTANCE, a control layer further away, or a larger study area (MASK).</source>
      <translation>La zone tampon englobe la zone témoin : il ne reste rien à comparer. Choisissez une CATCHMENT_DISTANCE plus étroite, une couche témoin plus éloignée ou une zone d'étude plus grande (MASK).</translation>
    </message>
    <message>
      <source>The intervention ends before it starts (or no event follows its start): set INTERVENTION_END after INTERVENTION_START.</source>
      <translation>L'intervention finit avant de commencer (ou aucun événement ne suit son début) : placez INTERVENTION_END après INTERVENTION_START.</translation>
    </message>
    <message>
      <source>PRE_START must be before INTERVENTION_START.</source>
      <translation>PRE_START doit précéder INTERVENTION_START.</translation>
    </message>
    <message>
      <source>No event left after the filters: check the dates and crime types.</source>
      <translation>Aucun événement ne reste après les filtres : vérifiez les dates et les types de délits.</translation>
    </message>
    <message>
      <source>CELL_SIZE must be positive, e.g. 150 m.</source>
      <translation>CELL_SIZE doit être positive, par ex. 150 m.</translation>
    </message>
    <message>
      <source>{}% CI {} to {}</source>
      <translation>IC à {} % : {} à {}</translation>
    </message>
    <message>
      <source>fell</source>
      <translation>baissé</translation>
    </message>
    <message>
      <source>rose</source>
      <translation>augmenté</translation>
    </message>
    <message>
      <source>No catchment was examined.</source>
      <translation>Aucune zone tampon n'a été examinée.</translation>
    </message>
    <message>
      <source>Change relative to control, treated (%)</source>
      <translation>Variation par rapport au témoin, zones traitées (%)</translation>
    </message>
    <message>
      <source>Change relative to control, catchment (%)</source>
      <translation>Variation par rapport au témoin, zone tampon (%)</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modèle</translation>
    </message>
    <message>
      <source>Pearson dispersion</source>
      <translation>Dispersion de Pearson</translation>
    </message>
    <message>
      <source>WDD, treated and catchment (events)</source>
      <translation>WDD, zones traitées et tampon (événements)</translation>
    </message>
    <message>
      <source>WDD standard error, for overdispersion</source>
      <translation>Erreur type de la WDD, corrigée de la surdispersion</translation>
    </message>
    <message>
      <source>WDD z, for overdispersion (decides)</source>
      <translation>z de la WDD, corrigé de la surdispersion (décide)</translation>
    </message>
    <message>
      <source>WDD p, for overdispersion (decides)</source>
      <translation>p de la WDD, corrigée de la surdispersion (décide)</translation>
    </message>
    <message>
      <source>WDD standard error, Poisson as published</source>
      <translation>Erreur type de la WDD, Poisson comme publié</translation>
    </message>
    <message>
      <source>WDD z, Poisson as published</source>
      <translation>z de la WDD, Poisson comme publié</translation>
    </message>
    <message>
      <source>WDD p, Poisson as published</source>
      <translation>p de la WDD, Poisson comme publié</translation>
    </message>
    <message>
      <source>WDD without catchment (events)</source>
      <translation>WDD sans zone tampon (événements)</translation>
    </message>
    <message>
      <source>WDD without catchment, z</source>
      <translation>WDD sans zone tampon, z</translation>
    </message>
    <message>
      <source>WDD without catchment, p</source>
      <translation>WDD sans zone tampon, p</translation>
    </message>
    <message>
      <source>WDQ</source>
      <translation>WDQ</translation>
    </message>
    <message>
      <source>Treated before/after without control (%)</source>
      <translation>Zones traitées avant/après sans témoin (%)</translation>
    </message>
    <message>
      <source>Events per week (pre-period average = 100)</source>
      <translation>Événements par semaine (moyenne avant = 100)</translation>
    </message>
    <message>
      <source>index</source>
      <translation>indice</translation>
    </message>
    <message>
      <source>Matched control: {} cells of {} m for {} treated cells; pre-period mean per week {} (treated) against {} (matched), slope {} against {}.</source>
      <translation>Témoin apparié : {} mailles de {} m pour {} mailles traitées ; moyenne hebdomadaire avant {} (traitées) contre {} (appariées), pente {} contre {}.</translation>
    </message>
    <message>
      <source>matched grid cells ({})</source>
      <translation>mailles appariées ({})</translation>
    </message>
    <message>
      <source>Crime in the treated areas {} {} relative to the control area ({}).</source>
      <translation>La délinquance dans les zones traitées a {} de {} par rapport à la zone témoin ({}).</translation>
    </message>
    <message>
      <source>Crime in the treated areas changed by {} relative to the control area ({}): no clear effect.</source>
      <translation>La délinquance dans les zones traitées a varié de {} par rapport à la zone témoin ({}) : pas d'effet net.</translation>
    </message>
    <message>
      <source>Crime rose {} in the {} relative to control: a sign of displacement (WDQ {}).</source>
      <translation>La délinquance a augmenté de {} dans la {} par rapport au témoin : signe d'un déplacement (WDQ {}).</translation>
    </message>
    <message>
      <source>Pre-period {} to {}, post-period {} to {}; control: {}; {}.</source>
      <translation>Période avant du {} au {}, période après du {} au {} ; témoin : {} ; {}.</translation>
    </message>
    <message>
      <source>Rest of the study area</source>
      <translation>Reste de la zone d'étude</translation>
    </message>
    <message>
      <source>Grid cells matched on pre-period level and trend</source>
      <translation>Mailles appariées sur le niveau et la tendance d'avant</translation>
    </message>
    <message>
      <source>Week</source>
      <translation>Semaine</translation>
    </message>
    <message>
      <source>4 weeks</source>
      <translation>4 semaines</translation>
    </message>
    <message>
      <source>The layer '{}' has no polygon; choose a layer with polygons.</source>
      <translation>La couche « {} » n'a aucun polygone ; choisissez une couche de polygones.</translation>
    </message>
    <message>
      <source>{} m catchment</source>
      <translation>zone tampon de {} m</translation>
    </message>
    <message>
      <source>The post-period ends on {}, after the last event ({}): its last days would look crime-free. Set INTERVENTION_END on or before the last event's day, or load later events.</source>
      <translation>La période après se termine le {}, après le dernier événement ({}) : ses derniers jours sembleraient sans délits. Placez INTERVENTION_END au plus tard le jour du dernier événement, ou chargez des événements plus récents.</translation>
    </message>
    <message>
      <source>The pre-period starts on {}, before the first event ({}): there are no data to compare with. Set a later PRE_START, a shorter post-period (INTERVENTION_END), or load earlier events.</source>
      <translation>La période avant commence le {}, avant le premier événement ({}) : il n'y a pas de données de comparaison. Placez PRE_START plus tard, raccourcissez la période après (INTERVENTION_END) ou chargez des événements plus anciens.</translation>
    </message>
    <message>
      <source>Crime fell {} in the {} relative to control: a diffusion of benefits (WDQ {}).</source>
      <translation>La délinquance a baissé de {} dans la {} par rapport au témoin : une diffusion des bénéfices (WDQ {}).</translation>
    </message>
    <message>
      <source>No sign of displacement into the {} ({} relative to control, WDQ {}).</source>
      <translation>Aucun signe de déplacement vers la {} ({} par rapport au témoin, WDQ {}).</translation>
    </message>
    <message>
      <source>Regression to the mean: before the intervention the treated areas had {} times the control's crime per km². If they were chosen for being busy (as patrol zones are), part of any fall would have happened anyway. Rerun with CONTROL_METHOD = matched cells.</source>
      <translation>Régression vers la moyenne : avant l'intervention, les zones traitées avaient {} fois la délinquance au km² du témoin. Si elles ont été choisies parce qu'elles étaient chargées (comme les zones de patrouille), une partie de toute baisse se serait produite de toute façon. Relancez avec CONTROL_METHOD = mailles appariées.</translation>
    </message>
    <message>
      <source>The counts vary more than a Poisson process would (dispersion {}): the model is a negative binomial and its intervals are widened accordingly; the WDD's are too.</source>
      <translation>Les comptages varient plus que ne le ferait un processus de Poisson (dispersion {}) : le modèle est binomial négatif et ses intervalles sont élargis en conséquence ; ceux de la WDD aussi.</translation>
    </message>
    <message>
      <source>Kernel density (KDE)</source>
      <translation>Densité de noyau (KDE)</translation>
    </message>
    <message>
      <source>Radius (bandwidth, metres)</source>
      <translation>Rayon (largeur de bande, mètres)</translation>
    </message>
    <message>
      <source>Kernel radius in metres (for the Gaussian kernel: its standard deviation). 0 chooses it from the data by likelihood cross-validation (the radius that best predicts each event from the others, between one cell and Scott's rule); the log gives the value and how it was chosen. Typical urban values: 200-600 m.</source>
      <translation>Rayon du noyau en mètres (pour le noyau gaussien : son écart-type). 0 le choisit d'après les données par validation croisée de la vraisemblance (le rayon qui prédit le mieux chaque fait à partir des autres, entre une cellule et la règle de Scott) ; le journal donne la valeur et la façon dont il a été choisi. Valeurs urbaines typiques : 200-600 m.</translation>
    </message>
    <message>
      <source>Quartic (default, as CrimeStat and the QGIS heatmap), Gaussian (truncated at 4 standard deviations), Epanechnikov, triangular or uniform.</source>
      <translation>Quartique (par défaut, comme CrimeStat et la carte de chaleur de QGIS), gaussien (tronqué à 4 écarts-types), Epanechnikov, triangulaire ou uniforme.</translation>
    </message>
    <message>
      <source>Optional numeric weight of each event (e.g. a seriousness score). Missing or negative weights drop the event.</source>
      <translation>Poids numérique facultatif de chaque fait (par ex. un score de gravité). Un poids manquant ou négatif écarte le fait.</translation>
    </message>
    <message>
      <source>Density in events per km², or expected events per cell per day over the period analysed (from the date range, else from the first to the last event).</source>
      <translation>Densité en faits par km², ou faits attendus par cellule et par jour sur la période analysée (d'après les dates choisies, sinon du premier au dernier fait).</translation>
    </message>
    <message>
      <source>On (default): each event inside the study area (the mask, else the grid) is renormalised so that all of its kernel falls on the study area's cells (Jones 1993), so cells near the border do not read low and the map sums to the events. Off: the part of a kernel outside the grid or mask is lost, as in the QGIS heatmap.</source>
      <translation>Activée (par défaut) : chaque fait situé dans la zone d'étude (le masque, sinon la grille) est renormalisé pour que tout son noyau tombe sur les cellules de la zone d'étude (Jones 1993) ; les cellules proches du bord ne sont donc pas sous-estimées et la carte totalise les faits. Désactivée : la part d'un noyau hors de la grille ou du masque est perdue, comme dans la carte de chaleur de QGIS.</translation>
    </message>
    <message>
      <source>GeoTIFF of the density (float32, nodata outside the study area), styled by risk percentile.</source>
      <translation>GeoTIFF de la densité (float32, nodata hors de la zone d'étude), stylisé par centile de risque.</translation>
    </message>
    <message>
      <source>Kernel shape</source>
      <translation>Forme du noyau</translation>
    </message>
    <message>
      <source>Weight field</source>
      <translation>Champ de poids</translation>
    </message>
    <message>
      <source>Output values</source>
      <translation>Valeurs en sortie</translation>
    </message>
    <message>
      <source>Edge correction</source>
      <translation>Correction de bord</translation>
    </message>
    <message>
      <source>Hotspot density</source>
      <translation>Densité des points chauds</translation>
    </message>
    <message>
      <source>Radius used (metres)</source>
      <translation>Rayon utilisé (mètres)</translation>
    </message>
    <message>
      <source>Events used</source>
      <translation>Faits utilisés</translation>
    </message>
    <message>
      <source>Where has crime concentrated? A retrospective hotspot map: the kernel density of the selected events on a grid, as in CrimeStat and the QGIS heatmap, but binned and computed by FFT so that a million events take seconds.</source>
      <translation>Où la délinquance s'est-elle concentrée ? Une carte rétrospective des points chauds : l'estimation de densité par noyau des faits sélectionnés sur une grille, comme dans CrimeStat et la carte de chaleur de QGIS, mais agrégée et calculée par FFT, si bien qu'un million de faits se traitent en quelques secondes.</translation>
    </message>
    <message>
      <source>Each event spreads one unit (or its weight) over a disc of the chosen radius with the chosen kernel shape; the map is the sum. Events are linearly binned to the cell centres and convolved with the kernel by FFT; the result matches the exact sum to well under 1% of the maximum. The style shades the top 1%, 5%, 10%, 20% and 50% of cells.</source>
      <translation>Chaque fait répartit une unité (ou son poids) sur un disque du rayon choisi, selon la forme de noyau choisie ; la carte est la somme. Les faits sont répartis linéairement sur les centres des cellules puis convolués avec le noyau par FFT ; le résultat s'écarte de la somme exacte de bien moins de 1 % du maximum. Le style colore les 1 %, 5 %, 10 %, 20 % et 50 % de cellules les plus élevées.</translation>
    </message>
    <message>
      <source>Units and edges</source>
      <translation>Unités et bords</translation>
    </message>
    <message>
      <source>Events per km² or expected events per cell per day (density × cell area ÷ days of the period). With the edge correction (default) each event inside the study area is divided by the share of its kernel on the study area's cells (the renormalisation of Jones 1993; the convolution of the mask with the kernel, by FFT), so each event adds exactly its weight inside and the map sums to the events; events outside the study area keep their plain kernel. It keeps each event's mass rather than flattening the border: on uniform events the border cells read about 0.8 of the centre (0.57 without correction); Diggle's (1985) division of the density would be flat there but would not keep each event's mass. Without the correction the kernel mass outside the grid or mask is lost and border cells read low; the log says which applies.</source>
      <translation>Faits par km² ou faits attendus par cellule et par jour (densité × surface de la cellule ÷ jours de la période). Avec la correction de bord (par défaut), chaque fait situé dans la zone d'étude est divisé par la part de son noyau qui tombe sur les cellules de la zone d'étude (la renormalisation de Jones 1993 ; la convolution du masque par le noyau, par FFT) : chaque fait ajoute exactement son poids à l'intérieur et la carte totalise les faits ; les faits hors de la zone d'étude gardent leur noyau ordinaire. Elle conserve la masse de chaque fait plutôt que d'aplatir le bord : sur des faits uniformes, les cellules du bord valent environ 0,8 du centre (0,57 sans correction) ; la division de la densité de Diggle (1985) y serait plate mais ne conserverait pas la masse de chaque fait. Sans la correction, la masse du noyau hors de la grille ou du masque est perdue et les cellules du bord sont sous-estimées ; le journal indique ce qui s'applique.</translation>
    </message>
    <message>
      <source>A hotspot map shows where recorded crime was, not where crime will be: recording and patrol patterns shape it. The radius drives the picture more than the kernel; compare methods with the backtest before deploying patrols.</source>
      <translation>Une carte de points chauds montre où la délinquance enregistrée a eu lieu, pas où elle aura lieu : les pratiques d'enregistrement et de patrouille la façonnent. Le rayon influe davantage sur l'image que le noyau ; comparez les méthodes avec la rétro-évaluation avant de déployer des patrouilles.</translation>
    </message>
    <message>
      <source>'Expected events per cell per day' needs the date field.</source>
      <translation>« Faits attendus par cellule et par jour » nécessite le champ de date.</translation>
    </message>
    <message>
      <source>KDE</source>
      <translation>KDE</translation>
    </message>
    <message>
      <source>Events per km²</source>
      <translation>Faits par km²</translation>
    </message>
    <message>
      <source>Expected events per cell per day (needs dates)</source>
      <translation>Faits attendus par cellule et par jour (nécessite les dates)</translation>
    </message>
    <message>
      <source>Near-repeat test (Knox)</source>
      <translation>Test de Knox</translation>
    </message>
    <message>
      <source>distance \ time apart</source>
      <translation>distance \ écart de temps</translation>
    </message>
    <message>
      <source>Distance band (metres)</source>
      <translation>Classe de distance (mètres)</translation>
    </message>
    <message>
      <source>Width of each distance band in metres: the bands are [0, b), [b, 2b), ... A street block (100 m) is usual for burglary.</source>
      <translation>Largeur de chaque classe de distance en mètres : les classes sont [0, b), [b, 2b), ... Un pâté de maisons (100 m) est l'usage pour les cambriolages.</translation>
    </message>
    <message>
      <source>How many distance bands; pairs farther apart fall in one last 'beyond' band.</source>
      <translation>Nombre de classes de distance ; les paires plus éloignées tombent dans une dernière classe « au-delà ».</translation>
    </message>
    <message>
      <source>Width of each time band in days: the bands are [0, c), [c, 2c), ... days apart.</source>
      <translation>Largeur de chaque classe de temps en jours : les classes sont [0, c), [c, 2c), ... jours d'écart.</translation>
    </message>
    <message>
      <source>How many time bands; pairs farther apart in time fall in one last 'beyond' band.</source>
      <translation>Nombre de classes de temps ; les paires plus éloignées dans le temps tombent dans une dernière classe « au-delà ».</translation>
    </message>
    <message>
      <source>Straight-line distance, or the Manhattan distance |dx| + |dy| that approximates walking on a street grid aligned with the map axes.</source>
      <translation>Distance à vol d'oiseau, ou distance de Manhattan |dx| + |dy|, qui approche le trajet à pied sur un réseau de rues aligné sur les axes de la carte.</translation>
    </message>
    <message>
      <source>Monte Carlo permutations of the event times. The smallest p-value possible is 1 / (permutations + 1): 999 allows p = 0.001; 99 is enough for a first look.</source>
      <translation>Permutations Monte-Carlo des dates des faits. La plus petite p-valeur possible est 1 / (permutations + 1) : 999 permet p = 0,001 ; 99 suffit pour un premier aperçu.</translation>
    </message>
    <message>
      <source>Add the Near Repeat Calculator's 'same location' band [0, 1) m in front of the first distance band (which becomes [1, b)): repeats at the very same address.</source>
      <translation>Ajoute la classe « même lieu » [0, 1) m du Near Repeat Calculator avant la première classe de distance (qui devient [1, b)) : répétitions à la même adresse.</translation>
    </message>
    <message>
      <source>A band is significant when its p-value is below this level and its Knox ratio is above 1.</source>
      <translation>Une classe est significative quand sa p-valeur est inférieure à ce seuil et son rapport de Knox supérieur à 1.</translation>
    </message>
    <message>
      <source>One row per pair of distance and time bands: space_from, space_to (metres), time_from, time_to (days), observed pairs, expected pairs (mean over the permutations), Knox ratio, p_value, z and the 2.5 and 97.5 percentiles of the permuted counts. Bands are half-open [from, to); the 'beyond' bands have a NULL upper edge. Give it to crimerisk:nearrepeat as KNOX_TABLE.</source>
      <translation>Une ligne par couple de classes de distance et de temps : space_from, space_to (mètres), time_from, time_to (jours), paires observées, paires attendues (moyenne sur les permutations), rapport de Knox, p_value, z et les centiles 2,5 et 97,5 des comptages permutés. Les classes sont semi-ouvertes [début, fin) ; les classes « au-delà » ont une borne supérieure NULL. À donner à crimerisk:nearrepeat comme KNOX_TABLE.</translation>
    </message>
    <message>
      <source>Knox report</source>
      <translation>Rapport de Knox</translation>
    </message>
    <message>
      <source>Optional HTML report: the near-repeat heat table (Knox ratios, significant cells in red), the findings in plain words, the significant extent and the settings.</source>
      <translation>Rapport HTML facultatif : le tableau de chaleur des répétitions proches (rapports de Knox, cellules significatives en rouge), les constats en clair, l'étendue significative et les réglages.</translation>
    </message>
    <message>
      <source>Counting pairs and permuting times...</source>
      <translation>Comptage des paires et permutation des dates...</translation>
    </message>
    <message>
      <source>crime</source>
      <translation>toutes infractions</translation>
    </message>
    <message>
      <source>Knox ratios (observed / expected pairs)</source>
      <translation>Rapports de Knox (paires observées / attendues)</translation>
    </message>
    <message>
      <source>Significant extent (bandwidths for a near-repeat surface)</source>
      <translation>Étendue significative (largeurs de bande pour une surface de répétition proche)</translation>
    </message>
    <message>
      <source>All cells</source>
      <translation>Toutes les cellules</translation>
    </message>
    <message>
      <source>space band</source>
      <translation>classe de distance</translation>
    </message>
    <message>
      <source>time band</source>
      <translation>classe de temps</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Réglages</translation>
    </message>
    <message>
      <source>at the same place (under {} m)</source>
      <translation>au même endroit (à moins de {} m)</translation>
    </message>
    <message>
      <source>within {} days</source>
      <translation>dans les {} jours</translation>
    </message>
    <message>
      <source>between {} and {} days</source>
      <translation>entre {} et {} jours</translation>
    </message>
    <message>
      <source>{space} and {time} of an event ({label}), the risk of another is {ratio} times what chance gives (p = {p}).</source>
      <translation>{space} et {time} suivant un fait ({label}), le risque d'un autre fait est {ratio} fois celui que donne le hasard (p = {p}).</translation>
    </message>
    <message>
      <source>Number of distance bands</source>
      <translation>Nombre de classes de distance</translation>
    </message>
    <message>
      <source>Time band (days)</source>
      <translation>Classe de temps (jours)</translation>
    </message>
    <message>
      <source>Number of time bands</source>
      <translation>Nombre de classes de temps</translation>
    </message>
    <message>
      <source>Distance</source>
      <translation>Distance</translation>
    </message>
    <message>
      <source>Same-location band</source>
      <translation>Classe « même lieu »</translation>
    </message>
    <message>
      <source>Significance level</source>
      <translation>Seuil de significativité</translation>
    </message>
    <message>
      <source>Knox table</source>
      <translation>Table de Knox</translation>
    </message>
    <message>
      <source>Significant near-repeat distance (metres, 0 = none)</source>
      <translation>Distance significative de répétition proche (mètres, 0 = aucune)</translation>
    </message>
    <message>
      <source>Significant near-repeat time (days, 0 = none)</source>
      <translation>Durée significative de répétition proche (jours, 0 = aucune)</translation>
    </message>
    <message>
      <source>Do crimes come in near repeats? After a crime, is another one more likely nearby and soon after than chance would give, how near and for how long? The Knox test of space-time interaction, as in the Near Repeat Calculator.</source>
      <translation>Les faits se produisent-ils en répétitions proches (near repeats) ? Après un fait, un autre est-il plus probable à proximité et peu après que ne le donnerait le hasard, à quelle distance et pendant combien de temps ? Le test de Knox d'interaction spatio-temporelle, comme dans le Near Repeat Calculator.</translation>
    </message>
    <message>
      <source>Every pair of events is counted in a table by its distance band and its time-apart band. To see what chance gives, the event times are shuffled among the events (places and dates are kept, only their link is broken) and the table is recounted for each permutation. Expected = the mean permuted count; Knox ratio = observed / expected (1.5: 50% more pairs than chance); p-value = (1 + permutations with at least as many pairs) / (permutations + 1), one-sided.</source>
      <translation>Chaque paire de faits est comptée dans un tableau selon sa classe de distance et sa classe d'écart temporel. Pour voir ce que donne le hasard, les dates sont mélangées entre les faits (lieux et dates sont conservés, seul leur lien est rompu) et le tableau est recompté pour chaque permutation. Attendu = la moyenne des comptages permutés ; rapport de Knox = observé / attendu (1,5 : 50 % de paires de plus que le hasard) ; p-valeur = (1 + permutations avec au moins autant de paires) / (permutations + 1), unilatérale.</translation>
    </message>
    <message>
      <source>Bands</source>
      <translation>Classes</translation>
    </message>
    <message>
      <source>Every band is half-open, [from, to): a pair exactly 100 m or 7 days apart is in the second band. The Near Repeat Calculator labels its bands '1 to 100', '101 to 200' but counts exactly these half-open bands (Steenbeek 2019); its 'same location' row is the optional [0, 1) m band here. The last row and column ('beyond') hold the pairs farther apart; their upper edge is NULL in the table.</source>
      <translation>Chaque classe est semi-ouverte, [début, fin) : une paire distante d'exactement 100 m ou 7 jours est dans la deuxième classe. Le Near Repeat Calculator libelle ses classes « 1 to 100 », « 101 to 200 » mais compte exactement ces classes semi-ouvertes (Steenbeek 2019) ; sa ligne « same location » correspond ici à la classe facultative [0, 1) m. La dernière ligne et la dernière colonne (« au-delà ») contiennent les paires plus éloignées ; leur borne supérieure est NULL dans la table.</translation>
    </message>
    <message>
      <source>With a window end field (TIME_END_FIELD), an event known only to have happened within a window (a burglary between 08:00 and 18:30) is paired at the middle of its window. The log counts the windows and their median length, and warns when more than a tenth of them are longer than the time band: their pairs' time apart is then uncertain by more than a band, which blurs the table (Ratcliffe 2002).</source>
      <translation>Avec un champ de fin de fenêtre (TIME_END_FIELD), un fait dont on sait seulement qu'il a eu lieu dans une fenêtre (un cambriolage entre 08:00 et 18:30) est apparié au milieu de sa fenêtre. Le journal compte les fenêtres et leur durée médiane, et avertit quand plus d'un dixième d'entre elles sont plus longues que la classe de temps : l'écart de temps de leurs paires est alors incertain de plus d'une classe, ce qui brouille la table (Ratcliffe 2002).</translation>
    </message>
    <message>
      <source>The table, the HTML heat table and sentences, and SIGNIFICANT_DISTANCE / SIGNIFICANT_DAYS: the reach of the significant cells (p &lt; level, ratio &gt; 1) connected to the first distance and time band, which crimerisk:nearrepeat can use as its bandwidths; 0 when the first cell is not significant.</source>
      <translation>La table, le tableau de chaleur HTML et les phrases, et SIGNIFICANT_DISTANCE / SIGNIFICANT_DAYS : la portée des cellules significatives (p &lt; seuil, rapport &gt; 1) reliées à la première classe de distance et de temps, que crimerisk:nearrepeat peut utiliser comme largeurs de bande ; 0 quand la première cellule n'est pas significative.</translation>
    </message>
    <message>
      <source>Each cell is a separate test: with 25 cells at the 5% level, about one cell is significant by chance alone, so trust a contiguous pattern from the first band more than a lone cell. With many events, small ratios (1.05) become significant without mattering in practice: read the ratio, not only the p-value. Repeat victimisation is about the same places; the test cannot tell whether the same offender returns. Duplicated records (one crime entered twice) inflate the first cell.</source>
      <translation>Chaque cellule est un test distinct : avec 25 cellules au seuil de 5 %, environ une cellule est significative par le seul hasard ; fiez-vous davantage à un motif contigu partant de la première classe qu'à une cellule isolée. Avec beaucoup de faits, de petits rapports (1,05) deviennent significatifs sans importance pratique : lisez le rapport, pas seulement la p-valeur. La victimation répétée porte sur les mêmes lieux ; le test ne dit pas si c'est le même auteur qui revient. Les doublons (un fait saisi deux fois) gonflent la première cellule.</translation>
    </message>
    <message>
      <source>distance (m)</source>
      <translation>distance (m)</translation>
    </message>
    <message>
      <source>time (days)</source>
      <translation>durée (jours)</translation>
    </message>
    <message>
      <source>within {} m</source>
      <translation>dans un rayon de {} m</translation>
    </message>
    <message>
      <source>between {} and {} m</source>
      <translation>entre {} et {} m</translation>
    </message>
    <message>
      <source>No near-repeat pattern: no band within {} m and {} days holds significantly more pairs of events ({}) than chance gives (p &lt; {}, {} permutations).</source>
      <translation>Pas de répétition proche : aucune classe dans un rayon de {} m et {} jours ne contient significativement plus de paires de faits ({}) que le hasard (p &lt; {}, {} permutations).</translation>
    </message>
    <message>
      <source>observed {}, p = {}</source>
      <translation>observé {}, p = {}</translation>
    </message>
    <message>
      <source> or </source>
      <translation> ou </translation>
    </message>
    <message>
      <source>{} permutations of a table of {} x {} bands would take about {} MB, more than the memory guard of {} MB. Use {} permutations or fewer (PERMUTATIONS; 999 is the usual choice), or fewer distance or time bands (SPACE_BANDS, TIME_BANDS).</source>
      <translation>{} permutations d'un tableau de {} x {} classes occuperaient environ {} Mo, plus que la limite mémoire de {} Mo. Utilisez au plus {} permutations (PERMUTATIONS ; 999 est le choix habituel), ou moins de classes de distance ou de durée (SPACE_BANDS, TIME_BANDS).</translation>
    </message>
    <message>
      <source>Knox test: near repeats of {}</source>
      <translation>Test de Knox : répétitions proches ({})</translation>
    </message>
    <message>
      <source>{} events from {} to {}; {} permutations of the times; {} distance.</source>
      <translation>{} faits du {} au {} ; {} permutations des dates ; distance {}.</translation>
    </message>
    <message>
      <source>Rows: distance between the two events; columns: days between them. Every band is half-open: [a, b) includes a and excludes b. Red cells have more pairs than chance (ratio &gt; 1) with p &lt; {}; the deeper the red, the higher the ratio (full red at {} or more). Grey: not significant. Each cell is its own test, so about {} of cells can look significant by chance alone.</source>
      <translation>Lignes : distance entre les deux faits ; colonnes : jours entre eux. Chaque classe est semi-ouverte : [a, b) inclut a et exclut b. Les cellules rouges ont plus de paires que le hasard (rapport &gt; 1) avec p &lt; {} ; plus le rouge est foncé, plus le rapport est élevé (rouge plein à partir de {}). Gris : non significatif. Chaque cellule est un test à part : environ {} des cellules peuvent paraître significatives par le seul hasard.</translation>
    </message>
    <message>
      <source>none</source>
      <translation>aucune</translation>
    </message>
    <message>
      <source>m</source>
      <translation>m</translation>
    </message>
    <message>
      <source>days</source>
      <translation>jours</translation>
    </message>
    <message>
      <source>Euclidean (straight line)</source>
      <translation>Euclidienne (à vol d'oiseau)</translation>
    </message>
    <message>
      <source>Manhattan (|dx| + |dy|, street grids)</source>
      <translation>Manhattan (|dx| + |dy|, rues en damier)</translation>
    </message>
    <message>
      <source>With {} permutations no p-value can fall below {}: use at least {} permutations.</source>
      <translation>Avec {} permutations, aucune p-valeur ne peut descendre sous {} : utilisez au moins {} permutations.</translation>
    </message>
    <message>
      <source>straight-line</source>
      <translation>à vol d'oiseau</translation>
    </message>
    <message>
      <source>Manhattan</source>
      <translation>de Manhattan</translation>
    </message>
    <message>
      <source>Learned forecast</source>
      <translation>Prévision apprise</translation>
    </message>
    <message>
      <source>One band per crime type</source>
      <translation>Une bande par type d'infraction</translation>
    </message>
    <message>
      <source>Forecast each crime type separately, with one band per type (band names are the types, in alphabetical order). The types share one model in which the type is a feature and each type's own history gives its counts, so rare types borrow strength from frequent ones. Off: one forecast of all the selected events together.</source>
      <translation>Prévoir chaque type d'infraction séparément, avec une bande par type (les noms de bande sont les types, par ordre alphabétique). Les types partagent un modèle dans lequel le type est une variable et l'historique propre à chaque type donne ses comptages, si bien que les types rares profitent des types fréquents. Désactivé : une seule prévision pour l'ensemble des faits sélectionnés.</translation>
    </message>
    <message>
      <source>Optional rasters of the risk terrain (population density, land use share, lighting...). Each band is averaged over every grid cell in the working CRS (GDAL Warp, average resampling); cells with only nodata, or beyond the raster, are missing values, which the model handles. Features are named after the layers.</source>
      <translation>Rasters facultatifs du terrain de risque (densité de population, part d'occupation du sol, éclairage...). Chaque bande est moyennée sur chaque cellule de la grille dans le SCR de travail (GDAL Warp, rééchantillonnage par moyenne) ; les cellules sans données ou hors du raster sont des valeurs manquantes, que le modèle gère. Les variables portent le nom des couches.</translation>
    </message>
    <message>
      <source>Optional layers of places that attract or generate crime: bars, stations, schools (points), main roads (lines). Points are counted per cell, lines mark every cell they touch. Each layer gives two features: dist_&lt;name&gt;, metres from the cell to the nearest such cell, and density_&lt;name&gt;, features per km² within the density radius (&lt;name&gt; is the layer name in lower case with _ between words).</source>
      <translation>Couches facultatives de lieux qui attirent ou génèrent la délinquance : bars, gares, écoles (points), grands axes (lignes). Les points sont comptés par cellule, les lignes marquent chaque cellule qu'elles touchent. Chaque couche donne deux variables : dist_&lt;name&gt;, la distance en mètres de la cellule à la plus proche cellule de ce type, et density_&lt;name&gt;, les entités par km² dans le rayon de densité (&lt;name&gt; est le nom de la couche en minuscules avec _ entre les mots).</translation>
    </message>
    <message>
      <source>Radius in metres of the density_&lt;name&gt; features of the feature layers (e.g. bars within 500 m).</source>
      <translation>Rayon en mètres des variables density_&lt;name&gt; des couches de lieux (par ex. les bars à moins de 500 m).</translation>
    </message>
    <message>
      <source>Threads of the boosting; 0 uses every core. The default 1 is deliberate: on a busy 2-core machine using every core was measured to be much slower, because the threads compete with QGIS and each other; the results are the same.</source>
      <translation>Threads du boosting ; 0 utilise tous les cœurs. La valeur par défaut 1 est délibérée : sur une machine à 2 cœurs chargée, utiliser tous les cœurs s'est révélé bien plus lent, car les threads se concurrencent entre eux et avec QGIS ; les résultats sont identiques.</translation>
    </message>
    <message>
      <source>Fit a second model on the older three quarters of the training periods and score it on the most recent quarter: Poisson deviance against a constant rate and against each cell's history, and permutation importances (what drives the map). About half the run time.</source>
      <translation>Ajuster un second modèle sur les trois quarts les plus anciens des périodes d'apprentissage et l'évaluer sur le quart le plus récent : déviance de Poisson face à un taux constant et face à l'historique de chaque cellule, et importances par permutation (ce qui fait la carte). Environ la moitié du temps de calcul.</translation>
    </message>
    <message>
      <source>Shrinkage of each boosting step: smaller learns more slowly and needs more iterations.</source>
      <translation>Réduction (shrinkage) de chaque étape du boosting : plus elle est petite, plus l'apprentissage est lent et plus il faut d'itérations.</translation>
    </message>
    <message>
      <source>Most trees; early stopping on 10% of the samples usually stops sooner (the report gives the number used).</source>
      <translation>Nombre maximal d'arbres ; l'arrêt précoce sur 10 % des échantillons s'arrête généralement plus tôt (le rapport donne le nombre utilisé).</translation>
    </message>
    <message>
      <source>Learned forecast report</source>
      <translation>Rapport de la prévision apprise</translation>
    </message>
    <message>
      <source>HTML report: the training summary, the holdout Poisson deviance against a constant rate and against each cell's history, the permutation importances (what drives the map) as a chart and a table, and every setting.</source>
      <translation>Rapport HTML : le résumé de l'apprentissage, la déviance de Poisson sur les périodes réservées face à un taux constant et face à l'historique de chaque cellule, les importances par permutation (ce qui fait la carte) en graphique et en tableau, et tous les réglages.</translation>
    </message>
    <message>
      <source>Model parameters (JSON)</source>
      <translation>Paramètres du modèle (JSON)</translation>
    </message>
    <message>
      <source>Optional JSON file with the settings and every parameter of the model, importances included.</source>
      <translation>Fichier JSON facultatif avec les réglages et tous les paramètres du modèle, importances comprises.</translation>
    </message>
    <message>
      <source>model</source>
      <translation>modèle</translation>
    </message>
    <message>
      <source>Covariate rasters</source>
      <translation>Rasters de covariables</translation>
    </message>
    <message>
      <source>Feature layers (points, lines)</source>
      <translation>Couches de lieux (points, lignes)</translation>
    </message>
    <message>
      <source>Density radius (metres)</source>
      <translation>Rayon de densité (mètres)</translation>
    </message>
    <message>
      <source>Training periods</source>
      <translation>Périodes d'apprentissage</translation>
    </message>
    <message>
      <source>Threads</source>
      <translation>Threads</translation>
    </message>
    <message>
      <source>Evaluate on held-out periods</source>
      <translation>Évaluer sur des périodes réservées</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>Taux d'apprentissage</translation>
    </message>
    <message>
      <source>Maximum boosting iterations</source>
      <translation>Itérations de boosting maximales</translation>
    </message>
    <message>
      <source>Training samples (cell x period rows)</source>
      <translation>Échantillons d'apprentissage (lignes cellule x période)</translation>
    </message>
    <message>
      <source>Holdout D² (share of the constant rate's deviance explained; empty when not evaluated)</source>
      <translation>D² de validation (part de la déviance du taux constant expliquée ; vide si non évalué)</translation>
    </message>
    <message>
      <source>Most important feature on the holdout (empty when not evaluated)</source>
      <translation>Variable la plus importante en validation (vide si non évalué)</translation>
    </message>
    <message>
      <source>How many crimes will each cell see over the next days? A machine-learning forecast in the style of HunchLab: a gradient-boosted Poisson model learns, on many past periods, how a cell's recent history, its near-repeat exposure, the season and its risk terrain (rasters, places such as bars or stations) relate to the count that followed, then applies that to now.</source>
      <translation>Combien de faits chaque cellule connaîtra-t-elle dans les prochains jours ? Une prévision par apprentissage automatique dans l'esprit de HunchLab : un modèle de Poisson à boosting de gradient apprend, sur de nombreuses périodes passées, comment l'historique récent d'une cellule, son exposition aux répétitions proches, la saison et son terrain de risque (rasters, lieux comme les bars ou les gares) se relient au comptage qui a suivi, puis l'applique au présent.</translation>
    </message>
    <message>
      <source>Every past period of HORIZON days before AS_OF (up to TRAINING_PERIODS of them) gives one sample per cell: features from events strictly before the period (counts in the cell and its 3x3 and 7x7 neighbourhoods over 7, 28, 91, 365 days and all history; days since the last event; a decaying near-repeat score; day of year and weekday; the covariates) and the count in the period as target. Most samples are empty cells: they are subsampled and reweighted so the fit stays unbiased. scikit-learn's HistGradientBoostingRegressor with the Poisson loss is fitted and predicts the period starting at AS_OF. Events on or after AS_OF are never read into the model nor the grid.</source>
      <translation>Chaque période passée de HORIZON jours avant AS_OF (jusqu'à TRAINING_PERIODS d'entre elles) donne un échantillon par cellule : des variables issues des faits strictement antérieurs à la période (comptages dans la cellule et ses voisinages 3x3 et 7x7 sur 7, 28, 91, 365 jours et tout l'historique ; jours depuis le dernier fait ; un score de répétition proche décroissant ; jour de l'année et jour de la semaine ; les covariables) et, comme cible, le comptage de la période. La plupart des échantillons sont des cellules vides : ils sont sous-échantillonnés et repondérés pour que l'ajustement reste sans biais. Le HistGradientBoostingRegressor de scikit-learn avec la perte de Poisson est ajusté, puis prévoit la période commençant à AS_OF. Les faits à partir de AS_OF ne sont jamais lus, ni par le modèle ni pour la grille.</translation>
    </message>
    <message>
      <source>The raster holds expected events per cell over the horizon (its sum is the forecast total, EXPECTED_EVENTS). The report and the JSON give the training summary, the holdout scores and the permutation importances; HOLDOUT_D2 is 1 - (model deviance / constant-rate deviance) on the most recent quarter of the training periods (above 0: better than a flat map), TOP_FEATURE the feature whose shuffling hurts the holdout most.</source>
      <translation>Le raster contient les faits attendus par cellule sur l'horizon (sa somme est le total prévu, EXPECTED_EVENTS). Le rapport et le JSON donnent le résumé de l'apprentissage, les scores de validation et les importances par permutation ; HOLDOUT_D2 vaut 1 - (déviance du modèle / déviance du taux constant) sur le quart le plus récent des périodes d'apprentissage (au-dessus de 0 : mieux qu'une carte uniforme), TOP_FEATURE est la variable dont le mélange dégrade le plus la validation.</translation>
    </message>
    <message>
      <source>Needs scikit-learn (on Debian/Ubuntu: sudo apt install python3-sklearn; on Windows: the OSGeo4W python3-scikit-learn package); the rest of CrimeRisk works without it. It needs about a year of history before the first training period, and learns recorded crime with the recording and patrol biases that come with it: importances say what the model uses, not what causes crime. Compare it with simpler maps in the backtest before acting on it.</source>
      <translation>Nécessite scikit-learn (sous Debian/Ubuntu : sudo apt install python3-sklearn ; sous Windows : le paquet OSGeo4W python3-scikit-learn) ; le reste de CrimeRisk fonctionne sans. Il faut environ un an d'historique avant la première période d'apprentissage, et le modèle apprend la délinquance enregistrée, avec les biais d'enregistrement et de patrouille qui l'accompagnent : les importances disent ce que le modèle utilise, pas ce qui cause la délinquance. Comparez-le à des cartes plus simples dans la rétro-évaluation avant d'agir.</translation>
    </message>
    <message>
      <source>on the held-out periods each cell's historical average scores better than the model: prefer a simpler map (KDE or the history) or check in the backtest.</source>
      <translation>sur les périodes réservées, la moyenne historique de chaque cellule fait mieux que le modèle : préférez une carte plus simple (KDE ou l'historique) ou vérifiez avec la rétro-évaluation.</translation>
    </message>
    <message>
      <source>Most past periods of HORIZON days the model learns from (52 weekly periods = one year). Each period needs a warm-up of 365 days of history before it: with less history fewer periods are used, and at least {} are needed.</source>
      <translation>Nombre maximal de périodes passées de HORIZON jours dont le modèle apprend (52 périodes hebdomadaires = un an). Chaque période exige au préalable 365 jours d'historique : avec moins d'historique, moins de périodes sont utilisées, et il en faut au moins {}.</translation>
    </message>
    <message>
      <source>The training set would take about {} MB ({} cells x {} series x {} periods, {} features), more than the memory guard of {} MB. Use a cell size of {} m or more, a smaller extent (EXTENT or MASK) or fewer crime types.</source>
      <translation>Le jeu d'apprentissage occuperait environ {} Mo ({} cellules x {} séries x {} périodes, {} variables), plus que la limite mémoire de {} Mo. Utilisez une taille de cellule d'au moins {} m, une emprise plus petite (EXTENT ou MASK) ou moins de types de faits.</translation>
    </message>
    <message>
      <source>Building the samples and fitting the model ({} events)...</source>
      <translation>Construction des échantillons et ajustement du modèle ({} faits)...</translation>
    </message>
    <message>
      <source>{}: {} events expected.</source>
      <translation>{} : {} faits attendus.</translation>
    </message>
    <message>
      <source>The training set would take about {} MB ({} cells x {} series x {} periods, {} features), more than the memory guard of {} MB. Use a cell size of {} m or more, or {} training periods or fewer (TRAINING_PERIODS).</source>
      <translation>Le jeu d'apprentissage occuperait environ {} Mo ({} cellules x {} séries x {} périodes, {} variables), plus que la limite mémoire de {} Mo. Utilisez une taille de cellule d'au moins {} m, ou au plus {} périodes d'apprentissage (TRAINING_PERIODS).</translation>
    </message>
    <message>
      <source>Sampling {} covariate raster(s) and rasterising {} feature layer(s)...</source>
      <translation>Échantillonnage de {} raster(s) de covariables et rastérisation de {} couche(s) de lieux...</translation>
    </message>
    <message>
      <source>Covariate {}: {} of {} cells have a value.</source>
      <translation>Covariable {} : {} cellules sur {} ont une valeur.</translation>
    </message>
    <message>
      <source>Feature layer {}: {} features or crossings in {} cells.</source>
      <translation>Couche de lieux {} : {} entités ou croisements dans {} cellules.</translation>
    </message>
    <message>
      <source>on the held-out periods the model does no better than one constant rate for every cell (D² = {}): the map is no better than a flat one.</source>
      <translation>sur les périodes réservées, le modèle ne fait pas mieux qu'un taux constant pour toutes les cellules (D² = {}) : la carte ne vaut pas mieux qu'une carte uniforme.</translation>
    </message>
    <message>
      <source>The learned forecast needs scikit-learn: {}</source>
      <translation>La prévision apprise nécessite scikit-learn : {}</translation>
    </message>
    <message>
      <source>Near-repeat alerts</source>
      <translation>Alertes de répétition proche</translation>
    </message>
    <message>
      <source>The day the risk is mapped for (from its midnight). Only events strictly before it are read; later events in the layer change nothing. Empty: the day after the last event.</source>
      <translation>Le jour pour lequel le risque est cartographié (à partir de minuit). Seuls les faits strictement antérieurs sont lus ; les faits postérieurs de la couche ne changent rien. Vide : le lendemain du dernier fait.</translation>
    </message>
    <message>
      <source>GeoTIFF of the relative risk for the AS_OF day (1 = the study area's average, float32, nodata outside the study area), styled by risk percentile.</source>
      <translation>GeoTIFF du risque relatif pour le jour AS_OF (1 = la moyenne de la zone d'étude, float32, nodata hors de la zone d'étude), stylisé par centile de risque.</translation>
    </message>
    <message>
      <source>One polygon per alert area (touching alert cells, corners included), in the working CRS: rank (1 = the highest risk), cells, area_km2, max_risk, mean_risk, triggers (events within the space bandwidth of the area) and expires (ISO date-time when the latest of them stops counting: its time plus the time bandwidth; NULL when no trigger reaches the area).</source>
      <translation>Un polygone par zone d'alerte (cellules d'alerte contiguës, coins compris), dans le SCR de travail : rank (1 = le risque le plus élevé), cells, area_km2, max_risk, mean_risk, triggers (faits situés à moins de la largeur de bande spatiale de la zone) et expires (date-heure ISO à laquelle le plus récent d'entre eux cesse de compter : sa date plus la largeur de bande temporelle ; NULL quand aucun déclencheur n'atteint la zone).</translation>
    </message>
    <message>
      <source>How risk falls with distance and time from a recent event. Bowers et al. (2004): 1 / (1 + d / cell size) up to the space bandwidth, 1 / (1 + weeks) up to the time bandwidth. Exponential: exp(-d / space bandwidth) exp(-days / time bandwidth). Gaussian: exp(-d² / 2 bandwidth²) in space, exponential in time.</source>
      <translation>Comment le risque décroît avec la distance et le temps depuis un fait récent. Bowers et al. (2004) : 1 / (1 + d / taille de cellule) jusqu'à la largeur de bande spatiale, 1 / (1 + semaines) jusqu'à la largeur de bande temporelle. Exponentiel : exp(-d / largeur spatiale) exp(-jours / largeur temporelle). Gaussien : exp(-d² / 2 largeur²) dans l'espace, exponentiel dans le temps.</translation>
    </message>
    <message>
      <source>Space bandwidth (metres)</source>
      <translation>Largeur de bande spatiale (mètres)</translation>
    </message>
    <message>
      <source>Bowers: how far an event raises the risk (400 m in Bowers et al. for burglary); exponential: the decay length; Gaussian: the standard deviation. With KNOX_TABLE, the Knox reach R replaces it: as is for Bowers; for the others, converted so that the kernel's weight at R equals the Bowers weight 1 / (1 + R / cell size): exponential R / ln(1 + R / cell), Gaussian R / √(2 ln(1 + R / cell)).</source>
      <translation>Bowers : jusqu'où un fait élève le risque (400 m chez Bowers et al. pour les cambriolages) ; exponentiel : la longueur de décroissance ; gaussien : l'écart-type. Avec KNOX_TABLE, la portée R de Knox la remplace : telle quelle pour Bowers ; pour les autres, convertie pour que le poids du noyau en R égale le poids de Bowers 1 / (1 + R / taille de cellule) : exponentiel R / ln(1 + R / cellule), gaussien R / √(2 ln(1 + R / cellule)).</translation>
    </message>
    <message>
      <source>Bowers: how long an event raises the risk (two months, 56 days, in Bowers et al.); otherwise the decay time. With KNOX_TABLE, the Knox reach T replaces it: as is for Bowers; otherwise the decay time whose weight at T equals the Bowers weight 1 / (1 + T / 7), T / ln(1 + T / 7).</source>
      <translation>Bowers : combien de temps un fait élève le risque (deux mois, 56 jours, chez Bowers et al.) ; sinon le temps de décroissance. Avec KNOX_TABLE, la portée T de Knox la remplace : telle quelle pour Bowers ; sinon le temps de décroissance dont le poids en T égale le poids de Bowers 1 / (1 + T / 7), soit T / ln(1 + T / 7).</translation>
    </message>
    <message>
      <source>Optional table output of crimerisk:knox on the same events. The bandwidths become its significant extent: the largest distance and time reached by the cells with p_value &lt; ALPHA and ratio &gt; 1 connected to the first distance and time band (the log names the values). Refused when the first band is not significant.</source>
      <translation>Table facultative produite par crimerisk:knox sur les mêmes faits. Les largeurs de bande deviennent son étendue significative : la plus grande distance et la plus grande durée atteintes par les cellules avec p_value &lt; ALPHA et rapport &gt; 1 reliées à la première classe de distance et de temps (le journal donne les valeurs). Refusée quand la première classe n'est pas significative.</translation>
    </message>
    <message>
      <source>A Knox cell is significant when its p_value is below this level and its ratio above 1.</source>
      <translation>Une cellule de Knox est significative quand sa p_value est inférieure à ce seuil et son rapport supérieur à 1.</translation>
    </message>
    <message>
      <source>Events this many days before AS_OF can trigger. 0: the kernel's own reach (Bowers: the time bandwidth; exponential and Gaussian: five time bandwidths).</source>
      <translation>Les faits survenus jusqu'à ce nombre de jours avant AS_OF peuvent déclencher. 0 : la portée propre du noyau (Bowers : la largeur de bande temporelle ; exponentiel et gaussien : cinq largeurs de bande temporelles).</translation>
    </message>
    <message>
      <source>Crime types whose events raise the risk, separated by ';' (or ','); empty: every type kept by 'Crime types to keep'. The background still uses every kept event.</source>
      <translation>Types d'infraction dont les faits élèvent le risque, séparés par « ; » (ou « , ») ; vide : tous les types conservés par « Types d'infraction à conserver ». Le fond utilise toujours tous les faits conservés.</translation>
    </message>
    <message>
      <source>Optional QGIS expression on the events layer: only events where it is true trigger (e.g. "modus" = 'forced entry'). It is evaluated on each feature as the events are read.</source>
      <translation>Expression QGIS facultative sur la couche des faits : seuls les faits pour lesquels elle est vraie déclenchent (par ex. "modus" = 'effraction'). Elle est évaluée sur chaque entité à la lecture des faits.</translation>
    </message>
    <message>
      <source>Share of the map's risk that comes from the long-term hotspots (a quartic kernel density of the events of the background window, radius by likelihood cross-validation); 0: near repeats only.</source>
      <translation>Part du risque de la carte qui provient des points chauds de long terme (une estimation par noyau quartique des faits de la fenêtre de fond, rayon par la validation croisée de la vraisemblance) ; 0 : répétitions proches seulement.</translation>
    </message>
    <message>
      <source>The background reads the events of this many days before AS_OF.</source>
      <translation>Le fond lit les faits de ce nombre de jours avant AS_OF.</translation>
    </message>
    <message>
      <source>Background radius (metres)</source>
      <translation>Rayon du fond (mètres)</translation>
    </message>
    <message>
      <source>Radius of the background's kernel density in metres; 0 or empty: chosen by likelihood cross-validation.</source>
      <translation>Rayon de l'estimation par noyau du fond, en mètres ; 0 ou vide : choisi par validation croisée de la vraisemblance.</translation>
    </message>
    <message>
      <source>Cells in this top percentage of risk (ties kept, risk 0 never) form the alert areas.</source>
      <translation>Les cellules dans ce pourcentage supérieur de risque (ex aequo conservés, jamais de risque 0) forment les zones d'alerte.</translation>
    </message>
    <message>
      <source>Optional relative risk (e.g. 3 = three times the average): when given, cells strictly above it alert instead of the top percentage.</source>
      <translation>Risque relatif facultatif (par ex. 3 = trois fois la moyenne) : s'il est donné, les cellules strictement au-dessus passent en alerte au lieu du pourcentage supérieur.</translation>
    </message>
    <message>
      <source>Risk for the day (as of)</source>
      <translation>Risque du jour (date de référence)</translation>
    </message>
    <message>
      <source>Near-repeat risk</source>
      <translation>Risque de répétition proche</translation>
    </message>
    <message>
      <source>Alert areas</source>
      <translation>Zones d'alerte</translation>
    </message>
    <message>
      <source>Triggering events</source>
      <translation>Faits déclencheurs</translation>
    </message>
    <message>
      <source>Space bandwidth used (metres)</source>
      <translation>Largeur de bande spatiale utilisée (mètres)</translation>
    </message>
    <message>
      <source>Time bandwidth used (days)</source>
      <translation>Largeur de bande temporelle utilisée (jours)</translation>
    </message>
    <message>
      <source>Kernel</source>
      <translation>Noyau</translation>
    </message>
    <message>
      <source>Time bandwidth (days)</source>
      <translation>Largeur de bande temporelle (jours)</translation>
    </message>
    <message>
      <source>Knox table (from crimerisk:knox)</source>
      <translation>Table de Knox (de crimerisk:knox)</translation>
    </message>
    <message>
      <source>Significance level for the Knox table</source>
      <translation>Seuil de significativité pour la table de Knox</translation>
    </message>
    <message>
      <source>Look-back window (days)</source>
      <translation>Fenêtre rétrospective (jours)</translation>
    </message>
    <message>
      <source>Crime types that trigger</source>
      <translation>Types d'infraction déclencheurs</translation>
    </message>
    <message>
      <source>Only events where (expression)</source>
      <translation>Seulement les faits où (expression)</translation>
    </message>
    <message>
      <source>Background share</source>
      <translation>Part du fond</translation>
    </message>
    <message>
      <source>Background window (days)</source>
      <translation>Fenêtre du fond (jours)</translation>
    </message>
    <message>
      <source>Alert on the top % of cells</source>
      <translation>Alerte sur le % de cellules les plus à risque</translation>
    </message>
    <message>
      <source>Alert above this risk</source>
      <translation>Alerte au-dessus de ce risque</translation>
    </message>
    <message>
      <source>Where is a crime most likely in the next days because of the crimes of the last weeks? After a burglary the houses nearby run a raised risk for a few weeks (near repeats). This maps that risk for one day and outlines the alert areas, each with the day its alert expires.</source>
      <translation>Où un fait est-il le plus probable dans les prochains jours en raison des faits des dernières semaines ? Après un cambriolage, les logements voisins courent un risque accru pendant quelques semaines (répétitions proches). Cet algorithme cartographie ce risque pour un jour et délimite les zones d'alerte, chacune avec le jour où son alerte expire.</translation>
    </message>
    <message>
      <source>With a window end field (TIME_END_FIELD), an event known only to have happened within a window (a burglary between 08:00 and 18:30) counts at the middle of its window, for the look-back window, AS_OF and the time kernel alike. The log counts the windows and their median length, and warns when more than a tenth of them are longer than the time bandwidth (Ratcliffe 2002).</source>
      <translation>Avec un champ de fin de fenêtre (TIME_END_FIELD), un fait dont on sait seulement qu'il a eu lieu dans une fenêtre (un cambriolage entre 08:00 et 18:30) compte au milieu de sa fenêtre, pour la fenêtre d'historique, AS_OF et le noyau temporel. Le journal compte les fenêtres et leur durée médiane, et avertit quand plus d'un dixième d'entre elles sont plus longues que la largeur de bande temporelle (Ratcliffe 2002).</translation>
    </message>
    <message>
      <source>Each event of the look-back window before AS_OF adds a kernel of distance times a kernel of elapsed time (prospective hotspotting, Bowers, Johnson &amp;amp; Pease 2004); the sum is divided by its study-area mean, so 1 is the average and 3 three times it. With a background share b, the map is (1 - b) near repeats + b long-term density, both of mean 1. The Knox test (crimerisk:knox) measures how far and how long near repeats reach in your data: give its table as KNOX_TABLE to use that extent as the bandwidths (converted for the exponential and Gaussian kernels so that their weight at the reach equals the Bowers weight there; the log gives both).</source>
      <translation>Chaque fait de la fenêtre rétrospective avant AS_OF ajoute un noyau de distance multiplié par un noyau de temps écoulé (cartographie prospective des points chauds, Bowers, Johnson &amp;amp; Pease 2004) ; la somme est divisée par sa moyenne sur la zone d'étude, si bien que 1 est la moyenne et 3 trois fois celle-ci. Avec une part de fond b, la carte vaut (1 - b) répétitions proches + b densité de long terme, toutes deux de moyenne 1. Le test de Knox (crimerisk:knox) mesure jusqu'où et combien de temps portent les répétitions proches dans vos données : donnez sa table comme KNOX_TABLE pour utiliser cette étendue comme largeurs de bande (converties pour les noyaux exponentiel et gaussien afin que leur poids à la portée égale celui de Bowers ; le journal donne les deux).</translation>
    </message>
    <message>
      <source>Units</source>
      <translation>Unités</translation>
    </message>
    <message>
      <source>Bowers et al. (2004) weigh an event by 1 / (1 + distance) × 1 / (1 + time), distance in whole cell widths from the event's cell (a neighbouring cell: 1) and time in whole weeks elapsed (this week: 0), up to the bandwidths. Here both are continuous (d / cell size, days / 7): the published weights at whole cells and weeks, without steps between them. The output is a relative risk, 1 = the study area's average.</source>
      <translation>Bowers et al. (2004) pondèrent un fait par 1 / (1 + distance) × 1 / (1 + temps), la distance en largeurs de cellule entières depuis la cellule du fait (une cellule voisine : 1) et le temps en semaines entières écoulées (cette semaine : 0), jusqu'aux largeurs de bande. Ici les deux sont continus (d / taille de cellule, jours / 7) : les poids publiés aux cellules et semaines entières, sans marches entre elles. La sortie est un risque relatif, 1 = la moyenne de la zone d'étude.</translation>
    </message>
    <message>
      <source>Alerts</source>
      <translation>Alertes</translation>
    </message>
    <message>
      <source>The top percentage of cells (or those above the threshold) are grouped into areas of touching cells and ranked by their highest risk, then their mean risk; areas tied on both are ordered by the risk around their best cell, then by a random draw from the seed, never by their position on the map. Every cell tied with the last one kept is kept too. An area's triggers are the events within the space bandwidth of one of its cells; the alert expires when the latest of them is older than the time bandwidth (Bowers: it stops counting; other kernels: its weight has fallen to 37%).</source>
      <translation>Le pourcentage supérieur de cellules (ou celles au-dessus du seuil) est regroupé en zones de cellules contiguës, classées par leur risque le plus élevé, puis par leur risque moyen ; les zones à égalité sur les deux sont ordonnées par le risque autour de leur meilleure cellule, puis par un tirage aléatoire issu de la graine, jamais par leur position sur la carte. Toute cellule à égalité avec la dernière retenue est retenue aussi. Les déclencheurs d'une zone sont les faits situés à moins de la largeur de bande spatiale de l'une de ses cellules ; l'alerte expire quand le plus récent d'entre eux est plus ancien que la largeur de bande temporelle (Bowers : il cesse de compter ; autres noyaux : son poids est tombé à 37 %).</translation>
    </message>
    <message>
      <source>Near-repeat risk is short-lived and local: it does not replace a hotspot map of where crime concentrates for years, hence the background share. It is a forecast from recorded crime only, biased as the recording is. Check with the backtest that it beats a plain hotspot map on your data before deploying patrols.</source>
      <translation>Le risque de répétition proche est local et de courte durée : il ne remplace pas une carte des points chauds où la délinquance se concentre depuis des années, d'où la part du fond. C'est une prévision fondée sur la seule délinquance enregistrée, biaisée comme l'est l'enregistrement. Vérifiez par la rétro-évaluation qu'elle bat une simple carte de points chauds sur vos données avant de déployer des patrouilles.</translation>
    </message>
    <message>
      <source>No event of the look-back window triggers: the map is the background only (or flat). Check AS_OF, WINDOW and the trigger filters.</source>
      <translation>Aucun fait de la fenêtre rétrospective ne déclenche : la carte n'est que le fond (ou uniforme). Vérifiez AS_OF, WINDOW et les filtres de déclenchement.</translation>
    </message>
    <message>
      <source>Bandwidths from the Knox table (rule: the outer edges of the bands with p &lt; {} and a ratio above 1 connected to the first distance and time band): space {} m, time {} days.</source>
      <translation>Largeurs de bande tirées de la table de Knox (règle : les bornes extérieures des classes avec p &lt; {} et un rapport supérieur à 1 reliées à la première classe de distance et de temps) : espace {} m, temps {} jours.</translation>
    </message>
    <message>
      <source>Trigger expression {}: true for {} of the {} events used.</source>
      <translation>Expression de déclenchement {} : vraie pour {} des {} faits utilisés.</translation>
    </message>
    <message>
      <source>Bowers prospective (1 / (1 + cells), 1 / (1 + weeks))</source>
      <translation>Prospectif de Bowers (1 / (1 + cellules), 1 / (1 + semaines))</translation>
    </message>
    <message>
      <source>Exponential decay in space and time</source>
      <translation>Décroissance exponentielle dans l'espace et le temps</translation>
    </message>
    <message>
      <source>Gaussian in space, exponential in time</source>
      <translation>Gaussien dans l'espace, exponentiel dans le temps</translation>
    </message>
    <message>
      <source>Knox reach converted for the {} kernel so that its weight at the reach equals the Bowers weight there (1 / (1 + {} m / {} m cells), 1 / (1 + {} days / 7)): space bandwidth {} m, time bandwidth {} days.</source>
      <translation>Portée de Knox convertie pour le noyau {} afin que son poids à la portée égale celui de Bowers (1 / (1 + {} m / cellules de {} m), 1 / (1 + {} jours / 7)) : largeur de bande spatiale {} m, temporelle {} jours.</translation>
    </message>
    <message>
      <source>Unknown trigger crime type {}: the events used hold {}. Check the spelling or 'Crime types to keep'.</source>
      <translation>Type d'infraction déclencheur inconnu {} : les faits utilisés contiennent {}. Vérifiez l'orthographe ou « Types d'infraction à conserver ».</translation>
    </message>
    <message>
      <source>The trigger expression is not valid: {}. Fix it in the expression builder.</source>
      <translation>L'expression de déclenchement n'est pas valide : {}. Corrigez-la dans le constructeur d'expressions.</translation>
    </message>
    <message>
      <source>{} events in the background window</source>
      <translation>{} faits dans la fenêtre du fond</translation>
    </message>
    <message>
      <source>The long-term background cannot be estimated ({}). Lengthen BACKGROUND_WINDOW, give BACKGROUND_BANDWIDTH in metres, or set BACKGROUND_WEIGHT to 0 for near repeats only.</source>
      <translation>Le fond de long terme ne peut pas être estimé ({}). Allongez BACKGROUND_WINDOW, donnez BACKGROUND_BANDWIDTH en mètres, ou mettez BACKGROUND_WEIGHT à 0 pour les seules répétitions proches.</translation>
    </message>
    <message>
      <source>Streets are cut into pieces ('lixels') of at most this length between junctions, each carrying one value. Shorter pieces give finer maps and longer runs.</source>
      <translation>Les rues sont découpées entre les carrefours en tronçons (« lixels ») d'au plus cette longueur, chacun portant une valeur. Des tronçons plus courts donnent des cartes plus fines et des calculs plus longs.</translation>
    </message>
    <message>
      <source>Each event moves to the nearest street within this distance; events farther from every street are dropped and counted in the log.</source>
      <translation>Chaque fait est déplacé sur la rue la plus proche à cette distance au plus ; les faits plus éloignés de toute rue sont écartés et comptés dans le journal.</translation>
    </message>
    <message>
      <source>Off (default): streets meet only at shared end points or vertices, so a bridge does not meet the road below. On: every crossing of two lines becomes a junction (for layers whose lines run through junctions without a vertex there).</source>
      <translation>Désactivé (par défaut) : les rues ne se rejoignent qu'aux extrémités ou sommets partagés, si bien qu'un pont ne rejoint pas la route qu'il enjambe. Activé : chaque croisement de deux lignes devient un carrefour (pour les couches dont les lignes traversent les carrefours sans y avoir de sommet).</translation>
    </message>
    <message>
      <source>The lixels as lines with their value and risk class (1 = top 1% of network length, 2 = 1-5%, 3 = 5-10%, 4 = 10-20%, 5 = 20-50%, 6 = the rest).</source>
      <translation>Les lixels sous forme de lignes, avec leur valeur et leur classe de risque (1 = 1 % supérieur de la longueur du réseau, 2 = 1-5 %, 3 = 5-10 %, 4 = 10-20 %, 5 = 20-50 %, 6 = le reste).</translation>
    </message>
    <message>
      <source>Street network (lines)</source>
      <translation>Réseau de rues (lignes)</translation>
    </message>
    <message>
      <source>A line layer of streets (an OpenStreetMap export, a road database, a centreline). It is reprojected to the events' working CRS. Lines meet where they share an end point or a vertex.</source>
      <translation>Une couche de lignes des rues (un export OpenStreetMap, une base de données routière, des axes de voies). Elle est reprojetée dans le SCR de travail des faits. Les lignes se rejoignent là où elles partagent une extrémité ou un sommet.</translation>
    </message>
    <message>
      <source>Lixel length (metres)</source>
      <translation>Longueur des lixels (mètres)</translation>
    </message>
    <message>
      <source>Snapping distance (metres)</source>
      <translation>Distance d'accrochage (mètres)</translation>
    </message>
    <message>
      <source>Join streets where they cross</source>
      <translation>Relier les rues là où elles se croisent</translation>
    </message>
    <message>
      <source>The street network layer could not be read: choose a line layer.</source>
      <translation>La couche du réseau de rues n'a pas pu être lue : choisissez une couche de lignes.</translation>
    </message>
    <message>
      <source>The street network has no CRS: set it in the layer's properties and run again.</source>
      <translation>Le réseau de rues n'a pas de SCR : définissez-le dans les propriétés de la couche et relancez.</translation>
    </message>
    <message>
      <source>The street network holds no line of non-zero length.</source>
      <translation>Le réseau de rues ne contient aucune ligne de longueur non nulle.</translation>
    </message>
    <message>
      <source>Street network: {} km, {} street segments, {} junctions, {} lixels of at most {} m.</source>
      <translation>Réseau de rues : {} km, {} tronçons de rue, {} carrefours, {} lixels d'au plus {} m.</translation>
    </message>
    <message>
      <source>NETWORK is a {} layer; it must be a line layer of streets (for example roads exported from OpenStreetMap).</source>
      <translation>NETWORK est une couche de type {} ; ce doit être une couche de lignes des rues (par exemple les routes exportées d'OpenStreetMap).</translation>
    </message>
    <message>
      <source>Street network reprojected from {} to {}.</source>
      <translation>Réseau de rues reprojeté de {} vers {}.</translation>
    </message>
    <message>
      <source>{} km of streets in lixels of {} m make more than {} lixels, past the memory guard: use a lixel length of at least {} m, or clip the network to the study area.</source>
      <translation>{} km de rues en lixels de {} m donnent plus de {} lixels, au-delà de la limite de mémoire : utilisez une longueur de lixel d'au moins {} m, ou découpez le réseau à la zone d'étude.</translation>
    </message>
    <message>
      <source>Removed from the network: {} zero-length pieces (self-loops), {} pieces drawn twice, {} lines without two distinct points.</source>
      <translation>Retirés du réseau : {} morceaux de longueur nulle (boucles sur eux-mêmes), {} morceaux dessinés deux fois, {} lignes sans deux points distincts.</translation>
    </message>
    <message>
      <source>The network falls in {} disconnected parts (the largest holds {} of its length; {} parts shorter than 50 m): risk does not spread between parts. Check for gaps, or join crossings (NODE_CROSSINGS).</source>
      <translation>Le réseau se compose de {} parties non reliées (la plus grande porte {} de sa longueur ; {} parties font moins de 50 m) : le risque ne se propage pas d'une partie à l'autre. Recherchez les coupures, ou reliez les croisements (NODE_CROSSINGS).</translation>
    </message>
    <message>
      <source>No event lies within {} m of a street of the network: check that the network covers the events' area (and its CRS), or raise the snapping distance (SNAP_DISTANCE).</source>
      <translation>Aucun fait ne se trouve à moins de {} m d'une rue du réseau : vérifiez que le réseau couvre la zone des faits (et son SCR), ou augmentez la distance d'accrochage (SNAP_DISTANCE).</translation>
    </message>
    <message>
      <source>{} events farther than {} m from every street were dropped.</source>
      <translation>{} faits situés à plus de {} m de toute rue ont été écartés.</translation>
    </message>
    <message>
      <source>Backtest: grid or streets?</source>
      <translation>Test : maillage ou rues ?</translation>
    </message>
    <message>
      <source>Start of the first test period (midnight). Empty: the periods end on the day of the last event.</source>
      <translation>Début de la première période de test (à minuit). Vide : les périodes s'achèvent le jour du dernier fait.</translation>
    </message>
    <message>
      <source>Number of test periods; the paired test needs at least 3, and more give it power.</source>
      <translation>Nombre de périodes de test ; le test apparié en exige au moins 3, et davantage lui donnent de la puissance.</translation>
    </message>
    <message>
      <source>Length of each test period in days.</source>
      <translation>Durée de chaque période de test, en jours.</translation>
    </message>
    <message>
      <source>Space bandwidth of both near-repeat forecasts: along the streets for the network, as the crow flies for the grid (a Knox extent, for example).</source>
      <translation>Largeur de bande spatiale des deux prévisions de répétitions proches : le long des rues pour le réseau, à vol d'oiseau pour le maillage (par exemple une portée de Knox).</translation>
    </message>
    <message>
      <source>Time bandwidth of both near-repeat forecasts, in days.</source>
      <translation>Largeur de bande temporelle des deux prévisions de répétitions proches, en jours.</translation>
    </message>
    <message>
      <source>Half-life of both long-term baselines (decayed counts per cell and per street segment).</source>
      <translation>Demi-vie des deux méthodes de référence à long terme (comptages avec décroissance par cellule et par tronçon de rue).</translation>
    </message>
    <message>
      <source>One row per method x fold x coverage (1, 5 and 10% of the street length): hits, events, hit rate and PAI.</source>
      <translation>Une ligne par méthode x période x couverture (1, 5 et 10 % de la longueur des rues) : faits captés, faits, taux de réussite et PAI.</translation>
    </message>
    <message>
      <source>near repeats on the grid</source>
      <translation>répétitions proches sur le maillage</translation>
    </message>
    <message>
      <source>near repeats along the streets</source>
      <translation>répétitions proches le long des rues</translation>
    </message>
    <message>
      <source>long-term counts on the grid</source>
      <translation>comptages de long terme sur le maillage</translation>
    </message>
    <message>
      <source>long-term counts along the streets</source>
      <translation>comptages de long terme le long des rues</translation>
    </message>
    <message>
      <source>Near-repeat reach (metres)</source>
      <translation>Portée des répétitions proches (mètres)</translation>
    </message>
    <message>
      <source>Near-repeat duration (days)</source>
      <translation>Durée des répétitions proches (jours)</translation>
    </message>
    <message>
      <source>Half-life of the long-term counts (days)</source>
      <translation>Demi-vie des comptages à long terme (jours)</translation>
    </message>
    <message>
      <source>Mean hit rate of the network near-repeat forecast at 5% of the street length</source>
      <translation>Taux de réussite moyen de la prévision des répétitions proches sur le réseau à 5 % de la longueur des rues</translation>
    </message>
    <message>
      <source>Mean hit rate of the grid near-repeat forecast at 5% of the street length</source>
      <translation>Taux de réussite moyen de la prévision des répétitions proches sur le maillage à 5 % de la longueur des rues</translation>
    </message>
    <message>
      <source>One-sided p-value that the network forecast catches more (paired by fold)</source>
      <translation>p-valeur unilatérale que la prévision sur le réseau capte davantage (appariée par période)</translation>
    </message>
    <message>
      <source>The network forecast catches more crime than the grid one at 5% (p &lt; 0.05)</source>
      <translation>La prévision sur le réseau capte plus de faits que celle sur le maillage à 5 % (p &lt; 0,05)</translation>
    </message>
    <message>
      <source>Should patrols be planned on grid cells or on street segments? Runs the near-repeat forecast on the grid and on the street network, and the long-term counts on both, at rolling forecast origins, and scores all four on the same streets and the same events.</source>
      <translation>Faut-il planifier les patrouilles sur des cellules ou sur des tronçons de rue ? Lance la prévision des répétitions proches sur le maillage et sur le réseau de rues, ainsi que les comptages à long terme sur les deux, à des origines de prévision glissantes, et évalue les quatre sur les mêmes rues et les mêmes faits.</translation>
    </message>
    <message>
      <source>This is crimerisk:backtest with a NETWORK, limited to these four methods. Events are snapped to the streets; only those on the network are used, by every method, and only the streets in the study area (the grid) are scored. Each method forecasts each period from the events before it. A grid forecast is read on the streets through the cell of each street piece's middle, so a cell is taken with all its streets. Streets are taken in decreasing risk until 1, 5 and 10% of the network length; the hit rate is the share of the period's events on them and the PAI the hit rate over the length share (Rosser et al. 2017). The verdict compares the two near-repeat forecasts at 5% fold by fold with a one-sided Diebold-Mariano test whose variance allows for correlated folds.</source>
      <translation>C'est crimerisk:backtest avec un réseau (NETWORK), limité à ces quatre méthodes. Les faits sont accrochés aux rues ; seuls ceux situés sur le réseau sont utilisés, par toutes les méthodes, et seules les rues de la zone d'étude (le maillage) sont évaluées. Chaque méthode prévoit chaque période à partir des faits antérieurs. Une prévision sur maillage est lue sur les rues via la cellule qui contient le milieu de chaque tronçon, si bien qu'une cellule est prise avec toutes ses rues. Les rues sont prises par risque décroissant jusqu'à 1, 5 et 10 % de la longueur du réseau ; le taux de réussite est la part des faits de la période qui s'y trouvent et le PAI le taux de réussite divisé par la part de longueur (Rosser et al. 2017). Le verdict compare les deux prévisions de répétitions proches à 5 %, période par période, par un test unilatéral de Diebold-Mariano dont la variance tient compte de la corrélation entre périodes.</translation>
    </message>
    <message>
      <source>The answer holds for these data, bandwidths and cells: give each forecast its best settings (crimerisk:knox, crimerisk:backtest) before comparing. A few folds give little power: 'no evidence' is not 'no difference'.</source>
      <translation>La réponse vaut pour ces données, ces largeurs de bande et ces cellules : donnez à chaque prévision ses meilleurs réglages (crimerisk:knox, crimerisk:backtest) avant de comparer. Peu de périodes donnent peu de puissance : « pas de preuve » ne veut pas dire « pas de différence ».</translation>
    </message>
    <message>
      <source>Network against grid near repeats at 5%: {} points of hit rate on average over {} folds, one-sided p = {}: {}.</source>
      <translation>Réseau contre maillage pour les répétitions proches à 5 % : {} points de taux de réussite en moyenne sur {} périodes, p unilatérale = {} : {}.</translation>
    </message>
    <message>
      <source>the network forecast catches more</source>
      <translation>la prévision sur le réseau capte davantage</translation>
    </message>
    <message>
      <source>no evidence that the network forecast catches more</source>
      <translation>pas de preuve que la prévision sur le réseau capte davantage</translation>
    </message>
    <message>
      <source>{} at {} of the street length: hit rate {}, PAI {}</source>
      <translation>{} à {} de la longueur des rues : taux de réussite {}, PAI {}</translation>
    </message>
    <message>
      <source>Street long-term counts</source>
      <translation>Comptages long terme (rues)</translation>
    </message>
    <message>
      <source>Age at which a past crime counts half: 365 (default) keeps a long memory of the streets where crime recurs year after year.</source>
      <translation>Âge auquel un fait passé compte pour moitié : 365 (par défaut) garde une longue mémoire des rues où la délinquance revient d'année en année.</translation>
    </message>
    <message>
      <source>Network long-term counts</source>
      <translation>Comptages à long terme sur le réseau</translation>
    </message>
    <message>
      <source>Half-life (days)</source>
      <translation>Demi-vie (jours)</translation>
    </message>
    <message>
      <source>Expected events on the network</source>
      <translation>Faits attendus sur le réseau</translation>
    </message>
    <message>
      <source>Where does crime keep coming back? The street segments' long-term rate of crime, the baseline any network forecast must beat: a handful of street segments hold much of the crime, year after year (Weisburd 2015).</source>
      <translation>Où la délinquance revient-elle ? Le taux de délinquance à long terme des tronçons de rue, la méthode de référence que toute prévision sur le réseau doit battre : une poignée de tronçons concentrent une grande part de la délinquance, année après année (Weisburd 2015).</translation>
    </message>
    <message>
      <source>Every crime before AS_OF counts 2^(-age / half-life). Counts are summed per street segment (junction to junction), divided by the weighted days of history and multiplied by the horizon, then shared among the segment's lixels by length: expected events per lixel over the horizon.</source>
      <translation>Chaque fait antérieur à AS_OF compte pour 2^(-âge / demi-vie). Les comptages sont sommés par tronçon de rue (d'un carrefour à l'autre), divisés par les jours d'historique pondérés et multipliés par l'horizon, puis répartis entre les lixels du tronçon au prorata de leur longueur : faits attendus par lixel sur l'horizon.</translation>
    </message>
    <message>
      <source>Street kernel density</source>
      <translation>Densité de noyau (rues)</translation>
    </message>
    <message>
      <source>How far along the streets each event spreads (the kernel's radius, measured along the network, not as the crow flies). Typical values: 100-500 m.</source>
      <translation>Jusqu'où chaque fait se diffuse le long des rues (le rayon du noyau, mesuré le long du réseau, pas à vol d'oiseau). Valeurs usuelles : 100-500 m.</translation>
    </message>
    <message>
      <source>How the kernel passes junctions. Continuous (default): split so that each event's mass stays 1 and the density has no jumps. Discontinuous: split equally among the streets onward (mass kept, jumps at junctions, faster). Simple: the kernel of the shortest distance, not split (fast, but each junction multiplies the mass: values read high near junctions).</source>
      <translation>La manière dont le noyau franchit les carrefours. Continue (par défaut) : partagé de sorte que la masse de chaque fait reste égale à 1 et que la densité ne présente pas de sauts. Discontinue : partagé à parts égales entre les rues suivantes (masse conservée, sauts aux carrefours, plus rapide). Simple : le noyau de la plus courte distance, sans partage (rapide, mais chaque carrefour multiplie la masse : les valeurs sont trop fortes près des carrefours).</translation>
    </message>
    <message>
      <source>Quartic (default), Epanechnikov, triangular or uniform, along the street.</source>
      <translation>Quartique (par défaut), Epanechnikov, triangulaire ou uniforme, le long de la rue.</translation>
    </message>
    <message>
      <source>Optional numeric weight of each event. Missing or negative weights drop the event.</source>
      <translation>Poids numérique facultatif de chaque fait. Un poids manquant ou négatif écarte le fait.</translation>
    </message>
    <message>
      <source>The density per km of street per year (from the date range, else from the first to the last event), or the expected events on each lixel over the period (the kernel mass).</source>
      <translation>La densité par km de rue et par an (d'après la période demandée, sinon du premier au dernier fait), ou les faits attendus sur chaque lixel pendant la période (la masse du noyau).</translation>
    </message>
    <message>
      <source>Network density</source>
      <translation>Densité sur le réseau</translation>
    </message>
    <message>
      <source>Bandwidth along the streets (metres)</source>
      <translation>Largeur de bande le long des rues (mètres)</translation>
    </message>
    <message>
      <source>Junction rule</source>
      <translation>Règle aux carrefours</translation>
    </message>
    <message>
      <source>Lixels</source>
      <translation>Lixels</translation>
    </message>
    <message>
      <source>Which streets has crime concentrated on? A hotspot map on the street network: events are snapped to the nearest street and spread along the streets, not over the blocks between them, so the map follows where patrols can go.</source>
      <translation>Sur quelles rues la délinquance s'est-elle concentrée ? Une carte des points chauds sur le réseau de rues : les faits sont accrochés à la rue la plus proche et diffusés le long des rues, et non sur les îlots qui les séparent, si bien que la carte suit les trajets possibles des patrouilles.</translation>
    </message>
    <message>
      <source>The streets are noded and cut into lixels. Each event spreads a one-dimensional kernel along the network, up to the bandwidth in network distance. At a junction of n streets the continuous rule sends 2/n of the kernel along each other street and returns 2/n - 1 along the one it came from (Okabe &amp; Sugihara 2012), the discontinuous rule sends 1/(n - 1) along each other street (Okabe et al. 2009), and the simple rule does not split (Xie &amp; Yan 2008). Values are exact integrals of the kernel over each lixel. Lixels are styled by their share of network length: the top 1%, 1-5%, 5-10%, 10-20%, 20-50% of the street length.</source>
      <translation>Les rues sont reliées en nœuds et découpées en lixels. Chaque fait diffuse un noyau à une dimension le long du réseau, jusqu'à la largeur de bande en distance sur le réseau. À un carrefour de n rues, la règle continue envoie 2/n du noyau dans chacune des autres rues et renvoie 2/n - 1 dans celle d'où il vient (Okabe &amp; Sugihara 2012), la règle discontinue envoie 1/(n - 1) dans chacune des autres rues (Okabe et al. 2009), et la règle simple ne partage pas (Xie &amp; Yan 2008). Les valeurs sont les intégrales exactes du noyau sur chaque lixel. Les lixels sont stylisés selon leur part de la longueur du réseau : les 1 %, 1-5 %, 5-10 %, 10-20 % et 20-50 % supérieurs de la longueur des rues.</translation>
    </message>
    <message>
      <source>Events far from every street (beyond the snapping distance) are dropped and counted; events on parks, squares or private land snap to the nearest street. Disconnected parts of the network do not share risk. The continuous rule follows every path round the blocks within the bandwidth: long bandwidths on dense grids take longer.</source>
      <translation>Les faits éloignés de toute rue (au-delà de la distance d'accrochage) sont écartés et comptés ; les faits situés dans des parcs, sur des places ou des terrains privés sont accrochés à la rue la plus proche. Les parties non reliées du réseau ne partagent pas le risque. La règle continue suit tous les chemins autour des îlots dans la largeur de bande : de grandes largeurs de bande sur des maillages de rues denses prennent plus de temps.</translation>
    </message>
    <message>
      <source>'Events per km of street per year' needs the date field (TIME_FIELD); or choose expected events per lixel.</source>
      <translation>« Faits par km de rue et par an » nécessite le champ de date (TIME_FIELD) ; sinon choisissez les faits attendus par lixel.</translation>
    </message>
    <message>
      <source>Continuous (Okabe &amp; Sugihara)</source>
      <translation>Continue (Okabe &amp; Sugihara)</translation>
    </message>
    <message>
      <source>Discontinuous, equal split (Okabe et al.)</source>
      <translation>Discontinue, partage égal (Okabe et al.)</translation>
    </message>
    <message>
      <source>Simple (Xie &amp; Yan)</source>
      <translation>Simple, sans partage (Xie &amp; Yan)</translation>
    </message>
    <message>
      <source>Events per km of street per year (needs dates)</source>
      <translation>Faits par km de rue et par an (dates nécessaires)</translation>
    </message>
    <message>
      <source>Expected events per lixel over the period</source>
      <translation>Faits attendus par lixel sur la période</translation>
    </message>
    <message>
      <source>Street learned forecast</source>
      <translation>Prévision apprise (rues)</translation>
    </message>
    <message>
      <source>Most past periods of one horizon each that the model learns from (52 weekly periods: a year).</source>
      <translation>Nombre maximal de périodes passées, d'un horizon chacune, dont le modèle apprend (52 périodes hebdomadaires : un an).</translation>
    </message>
    <message>
      <source>Fit once more without the most recent quarter of the training periods, score it there against one constant rate and the street segments' long-term rate, and rank the features by permutation importance (what drives the map). About half the run time.</source>
      <translation>Ajuster une seconde fois sans le quart le plus récent des périodes d'apprentissage, l'évaluer sur ce quart face à un taux constant et au taux à long terme des tronçons de rue, et classer les variables par importance par permutation (ce qui fait la carte). Environ la moitié du temps de calcul.</translation>
    </message>
    <message>
      <source>Threads of the boosting, as in crimerisk:mlforecast: 1 (default) is often the fastest on a busy machine; 0 uses every core. The forecast is the same.</source>
      <translation>Threads du boosting, comme dans crimerisk:mlforecast : 1 (par défaut) est souvent le plus rapide sur une machine chargée ; 0 utilise tous les cœurs. La prévision est la même.</translation>
    </message>
    <message>
      <source>Network learned forecast</source>
      <translation>Prévision apprise sur le réseau</translation>
    </message>
    <message>
      <source>Building the samples and fitting the model...</source>
      <translation>Construction des échantillons et ajustement du modèle...</translation>
    </message>
    <message>
      <source>Permutation importances on the held-out periods (increase of the Poisson deviance when a feature is shuffled):</source>
      <translation>Importances par permutation sur les périodes réservées (hausse de la déviance de Poisson quand une variable est permutée) :</translation>
    </message>
    <message>
      <source>Why the riskiest 5% of the street length is red (length-weighted means there against the whole network):</source>
      <translation>Pourquoi les 5 % de longueur de rue les plus à risque sont en rouge (moyennes pondérées par la longueur sur ces rues, face à tout le réseau) :</translation>
    </message>
    <message>
      <source>Score on held-out periods</source>
      <translation>Évaluer sur des périodes réservées</translation>
    </message>
    <message>
      <source>Share of the deviance of a constant rate explained on the held-out periods</source>
      <translation>Part de la déviance d'un taux constant expliquée sur les périodes réservées</translation>
    </message>
    <message>
      <source>Most important feature</source>
      <translation>Variable la plus importante</translation>
    </message>
    <message>
      <source>How many crimes will each street piece see over the next days? The learned forecast of crimerisk:mlforecast on the street network: a gradient-boosted Poisson model learns, on many past periods, how a street's own history, the crime along the streets around it, recent near repeats and the season relate to the count that followed.</source>
      <translation>Combien de faits chaque tronçon de rue connaîtra-t-il dans les prochains jours ? La prévision apprise de crimerisk:mlforecast sur le réseau de rues : un modèle de Poisson par boosting de gradient apprend, sur de nombreuses périodes passées, comment l'historique propre d'une rue, la délinquance le long des rues voisines, les répétitions proches récentes et la saison se relient au nombre de faits qui a suivi.</translation>
    </message>
    <message>
      <source>Every past period of HORIZON days before AS_OF gives one sample per lixel: features from events strictly before the period and the count in the period as target. Features: the lixel's own crimes and its street segment's (junction to junction), each decayed with half-lives of 7, 28, 91 and 365 days, per 100 m; the same on the lixels 0-100 m and 100-300 m away along the streets (Dijkstra's algorithm with a search limit); recent crimes within 200 m along the streets, decaying over 14 days (near repeats); days since the last crime on the lixel and on its segment; day of year and weekday; lixel and segment lengths. scikit-learn's HistGradientBoostingRegressor with the Poisson loss, as in crimerisk:mlforecast, is fitted and predicts the period starting at AS_OF. Events on or after AS_OF are never read.</source>
      <translation>Chaque période passée de HORIZON jours avant AS_OF donne un échantillon par lixel : des variables tirées des faits strictement antérieurs à la période, et le nombre de faits de la période comme cible. Variables : les faits du lixel et ceux de son tronçon (d'intersection à intersection), chacun amorti avec des demi-vies de 7, 28, 91 et 365 jours, pour 100 m ; les mêmes sur les lixels situés à 0-100 m et à 100-300 m le long des rues (algorithme de Dijkstra avec une limite de recherche) ; les faits récents à moins de 200 m le long des rues, amortis sur 14 jours (répétitions proches) ; les jours depuis le dernier fait sur le lixel et sur son tronçon ; le jour de l'année et le jour de la semaine ; les longueurs du lixel et du tronçon. Le HistGradientBoostingRegressor de scikit-learn avec la perte de Poisson, comme dans crimerisk:mlforecast, est ajusté puis prévoit la période qui commence à AS_OF. Les faits survenus à AS_OF ou après ne sont jamais lus.</translation>
    </message>
    <message>
      <source>The lines hold expected events per lixel over the horizon (EXPECTED_EVENTS is their sum), styled by risk per metre in classes of network length: top 1%, 1-5%, 5-10%, 10-20%, 20-50%. The log gives the holdout scores, the permutation importances and, for the features that matter most, their values on the riskiest 5% of the street length against the whole network: why those streets are red.</source>
      <translation>Les lignes portent le nombre de faits attendus par lixel sur l'horizon (EXPECTED_EVENTS en est la somme), symbolisés selon le risque par mètre en classes de longueur du réseau : 1 % le plus à risque, 1-5 %, 5-10 %, 10-20 %, 20-50 %. Le journal donne les scores sur les périodes réservées, les importances par permutation et, pour les variables qui comptent le plus, leurs valeurs sur les 5 % de longueur de rue les plus à risque face à tout le réseau : pourquoi ces rues sont en rouge.</translation>
    </message>
    <message>
      <source>Needs scikit-learn. It needs about a year of history before the first training period. Importances say what the model uses, not what causes crime. In backtests on simulated towns and the sample town it caught more crime than the long-term counts on street segments where near repeats or single hot addresses exist, and slightly less (1 to 2 points of hit rate) where hot streets are stable and nothing else happens; on the sample town most of its gain came from reading single street pieces (long-term counts per lixel did almost as well). Check it against crimerisk:networkbaseline in a backtest on your data.</source>
      <translation>Nécessite scikit-learn. Il faut environ un an d'historique avant la première période d'apprentissage. Les importances disent ce que le modèle utilise, pas ce qui cause la délinquance. Lors de validations rétrospectives sur des villes simulées et sur la ville d'exemple, elle a capté plus de faits que les comptages à long terme par tronçon là où existent des répétitions proches ou des adresses isolées très touchées, et un peu moins (1 à 2 points de taux de capture) là où les rues à risque sont stables et où rien d'autre ne se passe ; sur la ville d'exemple, l'essentiel de son gain venait de la lecture lixel par lixel (les comptages à long terme par lixel faisaient presque aussi bien). Comparez-la à crimerisk:networkbaseline dans une validation rétrospective sur vos données.</translation>
    </message>
    <message>
      <source>The street network makes {} lixels; the learned forecast takes at most {} (memory): use a lixel length of at least {} m, or clip the network to the study area.</source>
      <translation>Le réseau de rues compte {} lixels ; la prévision apprise en accepte au plus {} (mémoire) : utilisez une longueur de lixel d'au moins {} m, ou découpez le réseau à la zone d'étude.</translation>
    </message>
    <message>
      <source>  {}: {} (sd {})</source>
      <translation>  {} : {} (é.-t. {})</translation>
    </message>
    <message>
      <source>  {}: {} against {}</source>
      <translation>  {} : {} contre {}</translation>
    </message>
    <message>
      <source>Street near-repeat risk</source>
      <translation>Répétitions proches (rues)</translation>
    </message>
    <message>
      <source>How far along the streets a crime raises the risk (for example the space extent of a Knox test, crimerisk:knox). 0 (default) chooses both bandwidths by an internal validation: the pair among 100-800 m and 7-56 days whose forecasts caught the most crime on 5% of the network in the four horizons before AS_OF.</source>
      <translation>Jusqu'où, le long des rues, un fait élève le risque (par exemple la portée spatiale d'un test de Knox, crimerisk:knox). 0 (par défaut) choisit les deux largeurs de bande par une validation interne : la paire, parmi 100-800 m et 7-56 jours, dont les prévisions ont capté le plus de faits sur 5 % du réseau pendant les quatre horizons précédant AS_OF.</translation>
    </message>
    <message>
      <source>How long a crime raises the risk, in days (for example the time extent of a Knox test). 0 (default) with a space bandwidth of 0: chosen by the internal validation.</source>
      <translation>Combien de temps un fait élève le risque, en jours (par exemple la portée temporelle d'un test de Knox). 0 (par défaut), avec une largeur de bande spatiale de 0 : choisie par la validation interne.</translation>
    </message>
    <message>
      <source>Optional table output of crimerisk:knox on the same events: the bandwidths become its significant extent (the log names the values). Knox distances are straight lines, never longer than along the streets, so the extent is a cautious space bandwidth.</source>
      <translation>Table facultative produite par crimerisk:knox sur les mêmes faits : les largeurs de bande deviennent sa portée significative (le journal indique les valeurs). Les distances de Knox sont à vol d'oiseau, jamais plus longues que le long des rues : la portée est donc une largeur de bande spatiale prudente.</translation>
    </message>
    <message>
      <source>Knox cells with a p-value below this level count as near repeats.</source>
      <translation>Les cellules de Knox dont la p-valeur est inférieure à ce seuil comptent comme répétitions proches.</translation>
    </message>
    <message>
      <source>Network near-repeat risk</source>
      <translation>Risque de répétitions proches sur le réseau</translation>
    </message>
    <message>
      <source>Space bandwidth along the streets (metres)</source>
      <translation>Largeur de bande spatiale le long des rues (mètres)</translation>
    </message>
    <message>
      <source>Which streets are at risk in the coming days? After a crime, the same and nearby streets run a raised risk for some weeks (near repeats). This forecast weighs each recent crime by its distance along the streets and its age, as the grid near-repeat forecast does by distance as the crow flies.</source>
      <translation>Quelles rues sont menacées dans les prochains jours ? Après un fait, la même rue et les rues voisines connaissent un risque accru pendant quelques semaines (répétitions proches). Cette prévision pondère chaque fait récent par sa distance le long des rues et par son âge, comme la prévision des répétitions proches sur maillage le fait avec la distance à vol d'oiseau.</translation>
    </message>
    <message>
      <source>Network prospective hotspotting (Rosser et al. 2017): each crime of the last time bandwidth days before AS_OF within the space bandwidth along the streets adds 1 / ((1 + d / u) (1 + t / 7)) to a lixel, with d the network distance to the lixel's middle, u the lixel length and t the crime's age in days (Bowers et al. 2004 counted whole cells and weeks). Distances come from Dijkstra's algorithm with a search limit. The risk is relative: 1 = the network's average per metre. Lixels are styled by share of network length: top 1%, 1-5%, 5-10%, 10-20%, 20-50%.</source>
      <translation>Points chauds prospectifs sur le réseau (Rosser et al. 2017) : chaque fait des derniers jours de la largeur de bande temporelle avant AS_OF, dans la largeur de bande spatiale le long des rues, ajoute 1 / ((1 + d / u) (1 + t / 7)) à un lixel, où d est la distance sur le réseau jusqu'au milieu du lixel, u la longueur du lixel et t l'âge du fait en jours (Bowers et al. 2004 comptaient des cellules et des semaines entières). Les distances sont calculées par l'algorithme de Dijkstra avec une limite de recherche. Le risque est relatif : 1 = la moyenne du réseau par mètre. Les lixels sont stylisés selon leur part de la longueur du réseau : 1 %, 1-5 %, 5-10 %, 10-20 % et 20-50 % supérieurs.</translation>
    </message>
    <message>
      <source>Bandwidths</source>
      <translation>Largeurs de bande</translation>
    </message>
    <message>
      <source>Give both from a Knox test of your data (crimerisk:knox), or leave them at 0: the internal validation tries 100, 200, 400 and 800 m with 7, 14, 28 and 56 days on the four periods of one horizon before AS_OF (each forecast reads only the crimes before its period) and keeps the pair that caught the most crime on 5% of the network length; the log shows the table.</source>
      <translation>Donnez-les toutes deux d'après un test de Knox sur vos données (crimerisk:knox), ou laissez-les à 0 : la validation interne essaie 100, 200, 400 et 800 m avec 7, 14, 28 et 56 jours sur les quatre périodes d'un horizon précédant AS_OF (chaque prévision ne lit que les faits antérieurs à sa période) et garde la paire qui a capté le plus de faits sur 5 % de la longueur du réseau ; le journal affiche la table.</translation>
    </message>
    <message>
      <source>Near repeats are strongest for burglary and some thefts; check with the backtest that the forecast beats long-term hot spots on your data. Disconnected parts of the network do not share risk.</source>
      <translation>Les répétitions proches sont les plus marquées pour les cambriolages et certains vols ; vérifiez avec le test rétrospectif que la prévision bat les points chauds de long terme sur vos données. Les parties non reliées du réseau ne partagent pas le risque.</translation>
    </message>
    <message>
      <source>Give both bandwidths (space and time), or leave both at 0 to choose them by internal validation.</source>
      <translation>Donnez les deux largeurs de bande (spatiale et temporelle), ou laissez-les toutes deux à 0 pour les choisir par validation interne.</translation>
    </message>
    <message>
      <source>Internal validation (share of crime caught on 5% of the network):</source>
      <translation>Validation interne (part des faits captés sur 5 % du réseau) :</translation>
    </message>
    <message>
      <source>Bandwidths from the Knox table (p &lt; {}): {} m, {} days.</source>
      <translation>Largeurs de bande tirées de la table de Knox (p &lt; {}) : {} m, {} jours.</translation>
    </message>
    <message>
      <source>  {} m, {} days: {}</source>
      <translation>  {} m, {} jours : {}</translation>
    </message>
    <message>
      <source>Patrol routes (streets)</source>
      <translation>Itinéraires de patrouille (rues)</translation>
    </message>
    <message>
      <source>Street pieces with a risk value, for example the output of crimerisk:networkkde or crimerisk:networknearrepeat. Pieces meet where their ends meet.</source>
      <translation>Des tronçons de rue porteurs d'une valeur de risque, par exemple la sortie de crimerisk:networkkde ou de crimerisk:networknearrepeat. Les tronçons se rejoignent là où leurs extrémités se rejoignent.</translation>
    </message>
    <message>
      <source>The numeric field holding each piece's risk ("value" in CrimeRisk's network outputs).</source>
      <translation>Le champ numérique qui contient le risque de chaque tronçon (« value » dans les sorties réseau de CrimeRisk).</translation>
    </message>
    <message>
      <source>Expected events per piece (networkkde's default output) are divided by the piece's length to rank streets; a density or relative risk (networknearrepeat) ranks as it is.</source>
      <translation>Les faits attendus par tronçon (la sortie par défaut de networkkde) sont divisés par la longueur du tronçon pour classer les rues ; une densité ou un risque relatif (networknearrepeat) est classé tel quel.</translation>
    </message>
    <message>
      <source>How much street the patrols can cover: in km, or in percent of the network's length.</source>
      <translation>La longueur de rue que les patrouilles peuvent couvrir : en km, ou en pourcentage de la longueur du réseau.</translation>
    </message>
    <message>
      <source>Kilometres of street, or percent of the network's total length.</source>
      <translation>Kilomètres de rue, ou pourcentage de la longueur totale du réseau.</translation>
    </message>
    <message>
      <source>Routes are shared among this many units: each unit gets routes close to each other, and the units similar lengths of street (a route longer than a unit's share is cut in connected parts).</source>
      <translation>Les itinéraires sont répartis entre ce nombre d'unités : chaque unité reçoit des itinéraires proches les uns des autres, et les unités des longueurs de rue semblables (un itinéraire plus long que la part d'une unité est coupé en parties connexes).</translation>
    </message>
    <message>
      <source>Routes shorter than this that no bridge joins to another are dropped and their length grows the other routes (0: keep all).</source>
      <translation>Les itinéraires plus courts que cette longueur qu'aucune liaison ne relie à un autre sont abandonnés, et leur longueur prolonge les autres itinéraires (0 : tout garder).</translation>
    </message>
    <message>
      <source>Two routes this close along the streets are joined through the shortest path between them when the weaker route's extra risk pays for the link; the link's length comes out of the budget (0: no bridging).</source>
      <translation>Deux itinéraires aussi proches le long des rues sont reliés par le plus court chemin entre eux quand le surcroît de risque du plus faible paie la liaison ; la longueur de la liaison est prise sur le budget (0 : aucune liaison).</translation>
    </message>
    <message>
      <source>How far a unit's length of street may stray from an equal share before routes are moved or cut to even it out.</source>
      <translation>De combien la longueur de rue d'une unité peut s'écarter d'une part égale avant que des itinéraires soient déplacés ou coupés pour rééquilibrer.</translation>
    </message>
    <message>
      <source>One multi-line per route with its rank, length, risk and unit.</source>
      <translation>Une multiligne par itinéraire, avec son rang, sa longueur, son risque et son unité.</translation>
    </message>
    <message>
      <source>Patrol routes</source>
      <translation>Itinéraires de patrouille</translation>
    </message>
    <message>
      <source>expected events</source>
      <translation>faits attendus</translation>
    </message>
    <message>
      <source>risk</source>
      <translation>risque</translation>
    </message>
    <message>
      <source>Risk on streets (lines)</source>
      <translation>Risque sur les rues (lignes)</translation>
    </message>
    <message>
      <source>Risk field</source>
      <translation>Champ du risque</translation>
    </message>
    <message>
      <source>The risk field holds</source>
      <translation>Le champ du risque contient</translation>
    </message>
    <message>
      <source>Budget</source>
      <translation>Budget</translation>
    </message>
    <message>
      <source>Budget unit</source>
      <translation>Unité du budget</translation>
    </message>
    <message>
      <source>Patrol units</source>
      <translation>Unités de patrouille</translation>
    </message>
    <message>
      <source>Shortest route (metres)</source>
      <translation>Itinéraire le plus court (mètres)</translation>
    </message>
    <message>
      <source>Bridge gaps up to (metres)</source>
      <translation>Relier les écarts jusqu'à (mètres)</translation>
    </message>
    <message>
      <source>Balance tolerance (%)</source>
      <translation>Tolérance d'équilibre (%)</translation>
    </message>
    <message>
      <source>Routes</source>
      <translation>Itinéraires</translation>
    </message>
    <message>
      <source>Street length taken (metres)</source>
      <translation>Longueur de rue retenue (mètres)</translation>
    </message>
    <message>
      <source>Share of the network's risk on the routes</source>
      <translation>Part du risque du réseau sur les itinéraires</translation>
    </message>
    <message>
      <source>Longest unit's length over the shortest's</source>
      <translation>Longueur de l'unité la plus chargée sur celle de la moins chargée</translation>
    </message>
    <message>
      <source>Which streets should patrols drive within a fixed length of street? Takes the riskiest streets up to the budget, joins them into connected routes, ranks the routes and shares them among patrol units, as crimerisk:patrolzones does for cells.</source>
      <translation>Quelles rues les patrouilles doivent-elles parcourir avec une longueur de rue donnée ? Prend les rues les plus risquées dans la limite du budget, les relie en itinéraires continus, classe les itinéraires et les répartit entre les unités de patrouille, comme crimerisk:patrolzones le fait pour les cellules.</translation>
    </message>
    <message>
      <source>Street pieces are taken in decreasing risk per metre (ties: more risk on the touching pieces first) until their length reaches the budget; the last one taken sets the marginal risk per metre. Pieces that touch form a route. Two routes within the gap distance along the streets are joined through the shortest path between them, shortest gaps first, when the weaker route captures more risk than the same length of marginal street by at least what the link lacks; the link's length is paid for by trimming the least risky pieces at route ends, so no route is cut. Routes shorter than the minimum are dropped, and the budget left grows the routes at their edges, riskiest piece first. A route longer than a unit's share is cut into connected parts; routes are grouped into units by a k-means of their length-weighted centres under a balance constraint (capacitated k-means with Hartigan's moves and swaps), so each unit's routes lie close together and the units drive similar lengths. Routes are ranked by total risk and numbered within their unit.</source>
      <translation>Les tronçons sont pris par risque par mètre décroissant (à égalité : d'abord ceux dont les tronçons voisins portent le plus de risque) jusqu'à ce que leur longueur atteigne le budget ; le dernier tronçon pris fixe le risque marginal par mètre. Les tronçons qui se touchent forment un itinéraire. Deux itinéraires séparés d'au plus l'écart autorisé le long des rues sont reliés par le plus court chemin entre eux, les écarts les plus courts d'abord, quand le plus faible des deux capte plus de risque que la même longueur de rue marginale d'au moins ce qui manque à la liaison ; la longueur de la liaison est payée en retirant les tronçons les moins risqués aux extrémités des itinéraires, si bien qu'aucun itinéraire n'est coupé. Les itinéraires plus courts que le minimum sont abandonnés, et le budget restant prolonge les itinéraires à leurs bords, le tronçon le plus risqué d'abord. Un itinéraire plus long que la part d'une unité est coupé en parties connexes ; les itinéraires sont regroupés en unités par un k-means de leurs centres pondérés par la longueur sous contrainte d'équilibre (k-means avec capacités, déplacements et échanges de Hartigan), de sorte que les itinéraires d'une unité sont proches les uns des autres et que les unités parcourent des longueurs semblables. Les itinéraires sont classés par risque total et numérotés au sein de leur unité.</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>Sortie</translation>
    </message>
    <message>
      <source>One line per route: rank, unit, rank within the unit (unit_rank), length, pieces, total risk (expected events when the risk field holds them), risk per km and share of the network's risk. The log gives each unit's routes, length and risk, the ratio of the longest unit's length to the shortest's, and the share of the risk the routes capture beside the share the riskiest pieces alone would capture within the same budget (the price of connected routes).</source>
      <translation>Une ligne par itinéraire : rang, unité, rang au sein de l'unité (unit_rank), longueur, nombre de tronçons, risque total (faits attendus quand le champ de risque en contient), risque par km et part du risque du réseau. Le journal donne pour chaque unité ses itinéraires, sa longueur et son risque, le rapport de la longueur de l'unité la plus chargée à celle de la moins chargée, et la part du risque captée par les itinéraires à côté de celle que capteraient les seuls tronçons les plus risqués avec le même budget (le prix d'itinéraires connexes).</translation>
    </message>
    <message>
      <source>The routes are only as good as the risk on the streets: check it with the backtest first. A greedy rule is not an optimum; the order in which a unit drives its routes is not planned.</source>
      <translation>Les itinéraires ne valent que ce que vaut le risque sur les rues : vérifiez-le d'abord avec le test rétrospectif. Une règle gloutonne n'est pas un optimum ; l'ordre dans lequel une unité parcourt ses itinéraires n'est pas planifié.</translation>
    </message>
    <message>
      <source>The risk layer could not be read: choose a line layer.</source>
      <translation>La couche de risque n'a pas pu être lue : choisissez une couche de lignes.</translation>
    </message>
    <message>
      <source>INPUT must be a line layer of street pieces with a risk field (the output of crimerisk:networkkde or crimerisk:networknearrepeat).</source>
      <translation>INPUT doit être une couche de lignes de tronçons de rue avec un champ de risque (la sortie de crimerisk:networkkde ou de crimerisk:networknearrepeat).</translation>
    </message>
    <message>
      <source>{} routes, {} km of street taken of a budget of {} km.</source>
      <translation>{} itinéraires, {} km de rue retenus pour un budget de {} km.</translation>
    </message>
    <message>
      <source>Marginal risk per km (the last street the budget buys): {}; routes joined through gaps of up to {} m, routes shorter than {} m dropped; {} rounds.</source>
      <translation>Risque marginal par km (la dernière rue que le budget permet de prendre) : {} ; itinéraires reliés par des écarts d'au plus {} m, itinéraires de moins de {} m abandonnés ; {} tours.</translation>
    </message>
    <message>
      <source>The routes hold {} of the risk on the network; the riskiest pieces alone, unconnected, would hold {} within the same budget (price of connected routes: {} of that risk).</source>
      <translation>Les itinéraires portent {} du risque du réseau ; les seuls tronçons les plus risqués, non reliés, en porteraient {} avec le même budget (prix d'itinéraires connexes : {} de ce risque).</translation>
    </message>
    <message>
      <source>Expected events per piece</source>
      <translation>Faits attendus par tronçon</translation>
    </message>
    <message>
      <source>A value per metre (density, relative risk)</source>
      <translation>Une valeur par mètre (densité, risque relatif)</translation>
    </message>
    <message>
      <source>km of street</source>
      <translation>km de rue</translation>
    </message>
    <message>
      <source>% of the network length</source>
      <translation>% de la longueur du réseau</translation>
    </message>
    <message>
      <source>The risk layer is not in a projected CRS in metres ({}): lengths would be wrong. Reproject it (Vector &gt; Data Management Tools &gt; Reproject Layer) or use CrimeRisk's network outputs, which are metric.</source>
      <translation>La couche de risque n'est pas dans un SCR projeté en mètres ({}) : les longueurs seraient fausses. Reprojetez-la (Vecteur &gt; Outils de gestion de données &gt; Reprojeter une couche) ou utilisez les sorties réseau de CrimeRisk, qui sont métriques.</translation>
    </message>
    <message>
      <source>The risk layer has no field '{}': choose the field holding the risk (RISK_FIELD).</source>
      <translation>La couche de risque n'a pas de champ « {} » : choisissez le champ qui contient le risque (RISK_FIELD).</translation>
    </message>
    <message>
      <source>Unit {}: {} routes, {} km, {} {} ({} of the network's total).</source>
      <translation>Unité {} : {} itinéraires, {} km, {} {} ({} du total du réseau).</translation>
    </message>
    <message>
      <source>Longest unit's length over the shortest's: {} (tolerance {}).</source>
      <translation>Longueur de l'unité la plus chargée sur celle de la moins chargée : {} (tolérance {}).</translation>
    </message>
    <message>
      <source>Units {} have no route: the budget makes fewer routes than units. Lower the number of units or raise the budget.</source>
      <translation>Les unités {} n'ont aucun itinéraire : le budget donne moins d'itinéraires que d'unités. Réduisez le nombre d'unités ou augmentez le budget.</translation>
    </message>
    <message>
      <source>{} routes were cut into {} to balance the units.</source>
      <translation>{} itinéraires ont été coupés en {} pour équilibrer les unités.</translation>
    </message>
    <message>
      <source>{} km of the budget are unused: no street with a risk above 0 could extend a route or start one of the shortest route's length. Lower the shortest route or the budget.</source>
      <translation>{} km du budget restent inutilisés : aucune rue de risque supérieur à 0 ne pouvait prolonger un itinéraire ni en commencer un de la longueur minimale. Abaissez l'itinéraire le plus court ou le budget.</translation>
    </message>
    <message>
      <source>Patrol zones</source>
      <translation>Zones de patrouille</translation>
    </message>
    <message>
      <source>Any single-band risk map in a projected CRS in metres with square cells: a forecast (expected events per cell) or a density. Nodata cells are never patrolled; values must not be negative.</source>
      <translation>Toute carte de risque à une bande dans un SCR projeté en mètres avec des cellules carrées : une prévision (faits attendus par cellule) ou une densité. Les cellules sans données ne sont jamais patrouillées ; les valeurs ne doivent pas être négatives.</translation>
    </message>
    <message>
      <source>Band of the risk raster to use (empty: band 1).</source>
      <translation>Bande du raster de risque à utiliser (vide : bande 1).</translation>
    </message>
    <message>
      <source>How much area patrols can cover, in the unit below. It becomes a whole number of cells, rounded down, so it is never exceeded.</source>
      <translation>Surface que les patrouilles peuvent couvrir, dans l'unité ci-dessous. Elle est convertie en un nombre entier de cellules, arrondi à l'inférieur, pour ne jamais être dépassée.</translation>
    </message>
    <message>
      <source>Cells, square kilometres, or percent of the raster's cells that have data.</source>
      <translation>Cellules, kilomètres carrés, ou pourcentage des cellules du raster qui ont des données.</translation>
    </message>
    <message>
      <source>Zones smaller than this are not formed: their budget goes to the next best cells that form zones of this size. 1 keeps the top cells whatever their shape.</source>
      <translation>Les zones plus petites ne sont pas formées : leur budget va aux meilleures cellules suivantes qui forment des zones de cette taille. 1 garde les cellules en tête quelle que soit leur forme.</translation>
    </message>
    <message>
      <source>Cells joined by</source>
      <translation>Cellules reliées par</translation>
    </message>
    <message>
      <source>4: cells form one zone when they share an edge (simple shapes); 8: also when they touch at a corner.</source>
      <translation>4 : les cellules forment une zone quand elles partagent un côté (formes simples) ; 8 : aussi quand elles se touchent par un coin.</translation>
    </message>
    <message>
      <source>Number of patrol units to share the zones among, balancing their expected events (largest zone first to the least loaded unit). 0 assigns none (unit 0 in the output).</source>
      <translation>Nombre d'unités de patrouille entre lesquelles répartir les zones, en équilibrant leurs faits attendus (la plus grande zone d'abord, à l'unité la moins chargée). 0 n'en affecte aucune (unité 0 en sortie).</translation>
    </message>
    <message>
      <source>Colour the zones by rank and label them with rank and unit (a .qml beside a file output, and the loaded layer).</source>
      <translation>Colorer les zones par rang et les étiqueter avec leur rang et leur unité (un .qml à côté d'une sortie fichier, et la couche chargée).</translation>
    </message>
    <message>
      <source>One (multi)polygon per zone in the raster's CRS: rank (1 = most expected events), cells, area_km2, expected_events (sum of the risk values), share_captured (of the whole map's sum) and unit (0 = none). With SHIFTS, one set of zones per shift, named in a first field 'shift' (ranks and shares within the shift's map).</source>
      <translation>Un (multi)polygone par zone dans le SCR du raster : rank (1 = le plus de faits attendus), cells, area_km2, expected_events (somme des valeurs de risque), share_captured (part de la somme de toute la carte) et unit (0 = aucune). Avec SHIFTS, un jeu de zones par vacation, nommée dans un premier champ « shift » (rangs et parts au sein de la carte de la vacation).</translation>
    </message>
    <message>
      <source>Optional shifts separated by ';', e.g. 06-14;14-22;22-06 or 22-06 Fri,Sat;08-18 Mon-Fri: one zone plan per shift, each from the risk raster times each cell's share of its events expected in the shift's hours. Needs the events layer below. Empty: one plan for the whole raster.</source>
      <translation>Vacations facultatives séparées par « ; », p. ex. 06-14;14-22;22-06 ou 22-06 Fri,Sat;08-18 Mon-Fri : un plan de zones par vacation, chacun à partir du raster de risque multiplié par la part des événements de chaque cellule attendue dans les heures de la vacation. Nécessite la couche d'événements ci-dessous. Vide : un seul plan pour tout le raster.</translation>
    </message>
    <message>
      <source>Point layer of past events with a date and time, whose hours of the week (by place) split the risk among the SHIFTS; usually the events the risk raster was made from. Only used with SHIFTS.</source>
      <translation>Couche de points des événements passés, avec date et heure, dont les heures de la semaine (lieu par lieu) répartissent le risque entre les vacations (SHIFTS) ; en général les événements dont le raster de risque est issu. Utilisée seulement avec SHIFTS.</translation>
    </message>
    <message>
      <source>Date and time of each event (a date-time field or text such as 2024-03-05 22:30). Needed with SHIFTS.</source>
      <translation>Date et heure de chaque événement (un champ date-heure ou un texte comme 2024-03-05 22:30). Nécessaire avec SHIFTS.</translation>
    </message>
    <message>
      <source>Optional end of the window in which each event occurred, in the same form as the date field (which then holds its start); such events are spread evenly over the window's hours (aoristic analysis).</source>
      <translation>Fin facultative de la fenêtre dans laquelle chaque événement a eu lieu, sous la même forme que le champ de date (qui en porte alors le début) ; ces événements sont répartis également sur les heures de leur fenêtre (analyse aoristique).</translation>
    </message>
    <message>
      <source>Risk raster</source>
      <translation>Raster de risque</translation>
    </message>
    <message>
      <source>Band</source>
      <translation>Bande</translation>
    </message>
    <message>
      <source>Smallest zone (cells)</source>
      <translation>Plus petite zone (cellules)</translation>
    </message>
    <message>
      <source>Zones</source>
      <translation>Zones</translation>
    </message>
    <message>
      <source>Cells selected</source>
      <translation>Cellules retenues</translation>
    </message>
    <message>
      <source>Budget in cells</source>
      <translation>Budget en cellules</translation>
    </message>
    <message>
      <source>Expected events in zones</source>
      <translation>Faits attendus dans les zones</translation>
    </message>
    <message>
      <source>Share of the map's expected events in zones</source>
      <translation>Part des faits attendus de la carte dans les zones</translation>
    </message>
    <message>
      <source>Shifts (one zone plan each)</source>
      <translation>Vacations (un plan de zones chacune)</translation>
    </message>
    <message>
      <source>Events for the shifts' hours</source>
      <translation>Événements pour les heures des vacations</translation>
    </message>
    <message>
      <source>Date and time field of the events</source>
      <translation>Champ de date et heure des événements</translation>
    </message>
    <message>
      <source>Window end field of the events (uncertain times)</source>
      <translation>Champ de fin de fenêtre des événements (heures incertaines)</translation>
    </message>
    <message>
      <source>Where should patrols go within a fixed budget? Takes the highest-risk cells of a risk map up to the budget, joins them into zones, ranks the zones and shares them among patrol units.</source>
      <translation>Où envoyer les patrouilles avec un budget fixe ? Prend les cellules les plus à risque d'une carte de risque dans la limite du budget, les regroupe en zones, classe les zones et les répartit entre les unités de patrouille.</translation>
    </message>
    <message>
      <source>Cells are ranked by risk. Without a minimum zone size the top cells within the budget are taken. With a minimum, a greedy pass down the ranking keeps a cell only once it belongs to a connected group of at least that many cells that still fits the budget. Zones are ranked by expected events; units get zones largest first, each to the unit with the least so far (Graham's LPT rule). Cells of equal risk (often the many cells of risk 0) are taken by a rule blind to location: first those with more risk in the 3 x 3 cells around them, then in a random order drawn from the seed. The same seed gives the same zones; a mirror-image map gives mirror-image zones over seeds (north and south are treated alike).</source>
      <translation>Les cellules sont classées par risque. Sans taille minimale de zone, les cellules en tête sont prises dans la limite du budget. Avec un minimum, un parcours glouton du classement ne garde une cellule qu'une fois qu'elle appartient à un groupe connexe d'au moins ce nombre de cellules qui tient encore dans le budget. Les zones sont classées par faits attendus ; les unités reçoivent les zones de la plus grande à la plus petite, chacune allant à l'unité la moins chargée jusque-là (règle LPT de Graham). Les cellules de risque égal (souvent les nombreuses cellules de risque 0) sont prises selon une règle qui ignore leur position : d'abord celles qui ont le plus de risque dans les 3 x 3 cellules qui les entourent, puis dans un ordre aléatoire tiré de la graine. La même graine donne les mêmes zones ; une carte en miroir donne des zones en miroir sur l'ensemble des graines (le nord et le sud sont traités de la même façon).</translation>
    </message>
    <message>
      <source>Shifts</source>
      <translation>Vacations</translation>
    </message>
    <message>
      <source>With SHIFTS and EVENTS, each shift gets its own plan with the same budget rules. The risk of a cell in a shift is the raster's value times the cell's shift share: the share of the cell's events expected in the shift's hours over the forecast period, from the cell's hour-of-week profile. Each profile is shrunk towards its neighbourhood's and the whole area's by an empirical-Bayes rule (Dirichlet-multinomial), so a cell with few events borrows the hours of its surroundings; events with a time window count in each of its hours by their aoristic share. The profiles use the events before the forecast start, and the shares the forecast period, written in the raster's metadata (a CrimeRisk forecast); otherwise the events up to the day after the last one and the 7 days that follow.</source>
      <translation>Avec SHIFTS et EVENTS, chaque vacation reçoit son propre plan, avec les mêmes règles de budget. Le risque d'une cellule dans une vacation est la valeur du raster multipliée par la part de la vacation dans cette cellule : la part de ses événements attendue dans les heures de la vacation sur la période de prévision, d'après son profil heure × jour de la semaine. Chaque profil est rétréci vers celui de son voisinage et celui de toute la zone par une règle de Bayes empirique (Dirichlet-multinomiale), si bien qu'une cellule avec peu d'événements emprunte les heures de ses alentours ; un événement à fenêtre horaire compte dans chacune de ses heures pour sa part aoristique. Les profils utilisent les événements antérieurs au début de la prévision, et les parts la période de prévision, inscrits dans les métadonnées du raster (une prévision CrimeRisk) ; sinon les événements jusqu'au lendemain du dernier et les 7 jours qui suivent.</translation>
    </message>
    <message>
      <source>The zones are only as good as the risk map: check it with the backtest first. A greedy rule is not an optimum. Zones only cover cells; travel between them is not planned.</source>
      <translation>Les zones ne valent que ce que vaut la carte de risque : vérifiez-la d'abord avec la rétro-évaluation. Une règle gloutonne n'est pas un optimum. Les zones ne couvrent que des cellules ; les trajets entre elles ne sont pas planifiés.</translation>
    </message>
    <message>
      <source>INPUT is not a raster GDAL can open: choose a risk GeoTIFF, for example the output of crimerisk:kde or crimerisk:sepp.</source>
      <translation>INPUT n'est pas un raster que GDAL peut ouvrir : choisissez un GeoTIFF de risque, par exemple la sortie de crimerisk:kde ou crimerisk:sepp.</translation>
    </message>
    <message>
      <source>The risk raster could not be opened.</source>
      <translation>Le raster de risque n'a pas pu être ouvert.</translation>
    </message>
    <message>
      <source>The risk raster has no coordinate reference system; assign a projected CRS in metres first.</source>
      <translation>Le raster de risque n'a pas de système de coordonnées de référence ; affectez-lui d'abord un SCR projeté en mètres.</translation>
    </message>
    <message>
      <source>SHIFTS needs the events whose hours split the risk among the shifts: choose the events layer (EVENTS, usually the events the risk raster was made from) and its date and time field (TIME_FIELD), or leave SHIFTS empty for one plan.</source>
      <translation>SHIFTS a besoin des événements dont les heures répartissent le risque entre les vacations : choisissez la couche d'événements (EVENTS, en général les événements dont le raster de risque est issu) et son champ de date et heure (TIME_FIELD), ou laissez SHIFTS vide pour un seul plan.</translation>
    </message>
    <message>
      <source>No event of EVENTS lies on the risk raster: choose the events of the raster's area (both layers are compared in the raster's CRS).</source>
      <translation>Aucun événement d'EVENTS ne se trouve sur le raster de risque : choisissez les événements de la zone du raster (les deux couches sont comparées dans le SCR du raster).</translation>
    </message>
    <message>
      <source>budget (cells)</source>
      <translation>budget (cellules)</translation>
    </message>
    <message>
      <source>cells selected</source>
      <translation>cellules retenues</translation>
    </message>
    <message>
      <source>zones</source>
      <translation>zones</translation>
    </message>
    <message>
      <source>The risk raster does not hold expected events (it is a density or another score), so zones are reported as their share of the raster's total, not as expected events. For expected events, use a forecast (crimerisk:sepp or crimerisk:mlforecast).</source>
      <translation>Le raster de risque ne contient pas de faits attendus (c'est une densité ou un autre score) : les zones sont donc données en part du total du raster, non en faits attendus. Pour des faits attendus, utilisez une prévision (crimerisk:sepp ou crimerisk:mlforecast).</translation>
    </message>
    <message>
      <source>The risk raster has {} cells, more than the {} patrol zones can plan in memory. Use a cell size of {} m or more (resample it with Raster &gt; Projections &gt; Warp), or clip it to the study area.</source>
      <translation>Le raster de risque compte {} cellules, plus que les {} que les zones de patrouille peuvent planifier en mémoire. Utilisez une taille de cellule d'au moins {} m (rééchantillonnez-le avec Raster &gt; Projections &gt; Projection (warp)), ou découpez-le sur la zone d'étude.</translation>
    </message>
    <message>
      <source>Risk raster: {} rows x {} columns of {} m, {} cells with data.</source>
      <translation>Raster de risque : {} lignes x {} colonnes de {} m, {} cellules avec données.</translation>
    </message>
    <message>
      <source>Shift shares from the hours of {} events before {}, over {} days.</source>
      <translation>Parts des vacations d'après les heures de {} événements antérieurs au {}, sur {} jours.</translation>
    </message>
    <message>
      <source>cells</source>
      <translation>cellules</translation>
    </message>
    <message>
      <source>km²</source>
      <translation>km²</translation>
    </message>
    <message>
      <source>percent of the area with data</source>
      <translation>pourcentage de la surface avec données</translation>
    </message>
    <message>
      <source>The risk raster is in {} whose units are not metres ({}): cell areas and budgets in km² would be wrong. Reproject it to a projected CRS in metres (Raster &gt; Projections &gt; Warp), or compute it with CrimeRisk, which writes metric rasters.</source>
      <translation>Le raster de risque est en {}, dont les unités ne sont pas des mètres ({}) : les surfaces de cellule et les budgets en km² seraient faux. Reprojetez-le dans un SCR projeté en mètres (Raster &gt; Projections &gt; Projection (warp)), ou calculez-le avec CrimeRisk, qui écrit des rasters métriques.</translation>
    </message>
    <message>
      <source>No event of EVENTS comes before the raster's forecast start ({}): choose the events the forecast was made from.</source>
      <translation>Aucun événement d'EVENTS n'est antérieur au début de la prévision du raster ({}) : choisissez les événements dont la prévision est issue.</translation>
    </message>
    <message>
      <source>before {}</source>
      <translation>antérieur au {}</translation>
    </message>
    <message>
      <source>Shift {}: {} expected events, {} of the raster's.</source>
      <translation>Vacation {} : {} faits attendus, {} de ceux du raster.</translation>
    </message>
    <message>
      <source>Shift {}: {} of the raster's total.</source>
      <translation>Vacation {} : {} du total du raster.</translation>
    </message>
    <message>
      <source>The zones hold {} expected events ({} of the map).</source>
      <translation>Les zones contiennent {} faits attendus ({} de la carte).</translation>
    </message>
    <message>
      <source>The zones hold {} of the raster's total.</source>
      <translation>Les zones contiennent {} du total du raster.</translation>
    </message>
    <message>
      <source>Unit {}: {} zones, {} cells, {} expected events ({} of the map)</source>
      <translation>Unité {} : {} zones, {} cellules, {} faits attendus ({} de la carte)</translation>
    </message>
    <message>
      <source>Unit {}: {} zones, {} cells, {} of the raster's total</source>
      <translation>Unité {} : {} zones, {} cellules, {} du total du raster</translation>
    </message>
    <message>
      <source>Place forecast (learned)</source>
      <translation>Prévision par lieux (apprise)</translation>
    </message>
    <message>
      <source>Place forecast</source>
      <translation>Prévision par lieux</translation>
    </message>
    <message>
      <source>Place forecast (long-memory places, learned)</source>
      <translation>Prévision par lieux (lieux à mémoire longue, apprise)</translation>
    </message>
    <message>
      <source>One model per crime type</source>
      <translation>Un modèle par type d'infraction</translation>
    </message>
    <message>
      <source>Fit one model (and run one internal validation) per crime type and write one band per type (band names are the types, in alphabetical order). Off: one model for all the selected events together. Crime types concentrate at different places: per type is usually better when each type has a few hundred events.</source>
      <translation>Ajuste un modèle (et mène une validation interne) par type d'infraction et écrit une bande par type (les bandes portent le nom des types, par ordre alphabétique). Désactivé : un seul modèle pour l'ensemble des événements sélectionnés. Les types d'infraction se concentrent en des lieux différents : un modèle par type est en général meilleur quand chaque type compte quelques centaines d'événements.</translation>
    </message>
    <message>
      <source>Memories the model may use, as half-lives in days of exponentially decayed counts, from short (near repeats, Johnson &amp; Bowers 2004) to long (stable crime places, Weisburd 2015; long-memory background, Mohler 2014). The GLM learns a weight for each; the internal validation also picks the best single half-life for the decayed-counts fall-back.</source>
      <translation>Mémoires que le modèle peut utiliser, sous forme de demi-vies en jours de comptages à décroissance exponentielle, des courtes (répétitions proches, Johnson &amp; Bowers 2004) aux longues (lieux de délinquance stables, Weisburd 2015 ; fond à mémoire longue, Mohler 2014). Le GLM apprend un poids pour chacune ; la validation interne choisit aussi la meilleure demi-vie unique pour le repli sur les comptages amortis.</translation>
    </message>
    <message>
      <source>Neighbourhoods the model may use: 0 is the cell alone, s &gt; 0 a Gaussian smoothing of sigma s cells. The GLM learns how much each scale adds, i.e. the smoothing bandwidth is chosen by the data.</source>
      <translation>Voisinages que le modèle peut utiliser : 0 est la cellule seule, s &gt; 0 un lissage gaussien de sigma s cellules. Le GLM apprend ce qu'apporte chaque échelle : la largeur de lissage est donc choisie par les données.</translation>
    </message>
    <message>
      <source>Most past forecast origins (periods of HORIZON days before AS_OF) the Poisson GLM learns from (52 weekly periods = one year). With less history fewer are used; at least 4 are needed.</source>
      <translation>Nombre maximal d'origines de prévision passées (périodes de HORIZON jours avant AS_OF) sur lesquelles le GLM de Poisson apprend (52 périodes hebdomadaires = un an). Avec moins d'historique, moins de périodes sont utilisées ; il en faut au moins 4.</translation>
    </message>
    <message>
      <source>The most recent training periods held out for the time-ordered internal validation: a GLM fitted on the older periods only is scored against decayed counts on them (PAI at 5% of the area). If it does not do better, the output falls back to decayed counts. Must be fewer than the training periods; capped at a quarter of them.</source>
      <translation>Les périodes d'apprentissage les plus récentes, mises de côté pour la validation interne respectant l'ordre du temps : un GLM ajusté sur les seules périodes plus anciennes y est comparé aux comptages amortis (PAI sur 5 % de la surface). S'il ne fait pas mieux, la sortie se replie sur les comptages amortis. Doit être inférieur au nombre de périodes d'apprentissage ; plafonné au quart de celles-ci.</translation>
    </message>
    <message>
      <source>Place forecast report</source>
      <translation>Rapport de la prévision par lieux</translation>
    </message>
    <message>
      <source>HTML report: what the internal validation chose and why (learned model or decayed counts, the validation PAI of each, the candidate half-lives and scales) and the model's weights in words.</source>
      <translation>Rapport HTML : ce que la validation interne a choisi et pourquoi (modèle appris ou comptages amortis, le PAI de validation de chacun, les demi-vies et échelles candidates) et les poids du modèle expliqués en mots.</translation>
    </message>
    <message>
      <source>Optional JSON file with the settings, the validation scores, the choice and every coefficient of each model.</source>
      <translation>Fichier JSON facultatif avec les réglages, les scores de validation, le choix retenu et chaque coefficient de chaque modèle.</translation>
    </message>
    <message>
      <source>The raster's bands follow the table's rows; values are expected events per cell over the horizon. Validation PAI: share of the next period's events in the 5% of cells ranked highest, divided by 5%, averaged over the held-out recent periods.</source>
      <translation>Les bandes du raster suivent les lignes du tableau ; les valeurs sont les événements attendus par cellule sur l'horizon. PAI de validation : part des événements de la période suivante tombée dans les 5 % de cellules les mieux classées, divisée par 5 %, en moyenne sur les périodes récentes mises de côté.</translation>
    </message>
    <message>
      <source>learned model</source>
      <translation>modèle appris</translation>
    </message>
    <message>
      <source>decayed counts</source>
      <translation>comptages amortis</translation>
    </message>
    <message>
      <source>Candidate half-lives (days)</source>
      <translation>Demi-vies candidates (jours)</translation>
    </message>
    <message>
      <source>Candidate spatial scales (cells)</source>
      <translation>Échelles spatiales candidates (cellules)</translation>
    </message>
    <message>
      <source>Validation periods</source>
      <translation>Périodes de validation</translation>
    </message>
    <message>
      <source>Every band is the learned model (false: at least one fell back to decayed counts)</source>
      <translation>Chaque bande est le modèle appris (faux : au moins une s'est repliée sur les comptages amortis)</translation>
    </message>
    <message>
      <source>Validation PAI of the learned model / decayed counts (first band)</source>
      <translation>PAI de validation du modèle appris / comptages amortis (première bande)</translation>
    </message>
    <message>
      <source>Where are crimes expected over the next days? Crime concentrates at a few stable places (the law of crime concentration), so over a week a cell's long-run history is the strongest simple forecast. This forecaster starts from that history and learns from your own past weeks how much recent events and the neighbourhood add; when that does not help on your data, it says so and falls back to the long-run history.</source>
      <translation>Où attend-on des infractions dans les prochains jours ? La délinquance se concentre en quelques lieux stables (la loi de concentration de la délinquance) : sur une semaine, l'historique de long terme d'une cellule est la prévision simple la plus solide. Cette méthode part de cet historique et apprend sur vos propres semaines passées ce qu'y ajoutent les événements récents et le voisinage ; quand cela n'aide pas sur vos données, elle le dit et se replie sur l'historique de long terme.</translation>
    </message>
    <message>
      <source>Features of a cell at a forecast origin: the log of its exponentially decayed event rate for each candidate half-life (short to long memory, Mohler 2014, 2015), each at each candidate spatial scale (the cell alone or a Gaussian neighbourhood). A Poisson generalised linear model with log link (Nelder &amp; Wedderburn 1972; McCullagh &amp; Nelder 1989) is fitted on many past origins: the count of each cell over the next HORIZON days against its features then. Time-ordered internal validation (rolling origin, Tashman 2000): a model fitted on the older origins only is scored on the most recent ones by PAI at 5% of the area, beside decayed counts with the best candidate half-life. If the model does not score higher, the output is those decayed counts. Everything, targets and validation included, comes from events strictly before AS_OF; events on or after AS_OF are never read into the model nor the grid.</source>
      <translation>Variables d'une cellule à une origine de prévision : le logarithme de son taux d'événements à décroissance exponentielle pour chaque demi-vie candidate (mémoire courte à longue, Mohler 2014, 2015), à chaque échelle spatiale candidate (la cellule seule ou un voisinage gaussien). Un modèle linéaire généralisé de Poisson à lien logarithmique (Nelder &amp; Wedderburn 1972 ; McCullagh &amp; Nelder 1989) est ajusté sur de nombreuses origines passées : le comptage de chaque cellule sur les HORIZON jours suivants en fonction de ses variables à cette date. Validation interne respectant l'ordre du temps (origine glissante, Tashman 2000) : un modèle ajusté sur les seules origines anciennes est évalué sur les plus récentes par le PAI sur 5 % de la surface, à côté des comptages amortis avec la meilleure demi-vie candidate. Si le modèle ne fait pas mieux, la sortie est ces comptages amortis. Tout, cibles et validation comprises, vient des événements strictement antérieurs à AS_OF ; les événements à partir d'AS_OF ne sont jamais lus, ni par le modèle ni pour la grille.</translation>
    </message>
    <message>
      <source>The raster holds expected events per cell over the horizon (its sum is the forecast total, EXPECTED_EVENTS). The report says, per model, whether the learned model or decayed counts was used and why (validation PAI of each and their ratio, VALIDATION_RATIO for the first band), the half-life chosen for decayed counts, and the model's largest weights in words; the JSON has every coefficient. USED_MODEL is true when every band is the learned model.</source>
      <translation>Le raster contient le nombre attendu d'événements par cellule sur l'horizon (sa somme est le total prévu, EXPECTED_EVENTS). Le rapport indique, pour chaque modèle, si le modèle appris ou les comptages amortis ont été retenus et pourquoi (PAI de validation de chacun et leur rapport, VALIDATION_RATIO pour la première bande), la demi-vie choisie pour les comptages amortis et les plus grands poids du modèle en mots ; le JSON donne tous les coefficients. USED_MODEL est vrai quand chaque bande est le modèle appris.</translation>
    </message>
    <message>
      <source>It needs scikit-learn and at least five horizons of history (a year or more is better). On real data the gain over decayed counts is often small: the validation ratio says how much it was on your recent history. It learns recorded crime, with the recording and patrol biases that come with it; compare it with the baselines in the backtest before acting on it.</source>
      <translation>Nécessite scikit-learn et au moins cinq horizons d'historique (un an ou plus, c'est mieux). Sur des données réelles, le gain sur les comptages amortis est souvent faible : le rapport de validation indique ce qu'il a été sur votre historique récent. La méthode apprend la délinquance enregistrée, avec les biais d'enregistrement et de patrouille qui l'accompagnent ; comparez-la aux références dans le backtest avant d'agir.</translation>
    </message>
    <message>
      <source>events</source>
      <translation>faits</translation>
    </message>
    <message>
      <source>output</source>
      <translation>sortie</translation>
    </message>
    <message>
      <source>validation PAI, model</source>
      <translation>PAI de validation, modèle</translation>
    </message>
    <message>
      <source>validation PAI, decayed counts</source>
      <translation>PAI de validation, comptages amortis</translation>
    </message>
    <message>
      <source>model / decayed counts</source>
      <translation>modèle / comptages amortis</translation>
    </message>
    <message>
      <source>half-life chosen (days)</source>
      <translation>demi-vie choisie (jours)</translation>
    </message>
    <message>
      <source>model weight in the blend (0 = decayed counts)</source>
      <translation>poids du modèle dans le mélange (0 = comptages amortis)</translation>
    </message>
    <message>
      <source>training periods</source>
      <translation>périodes d'apprentissage</translation>
    </message>
    <message>
      <source>validation periods</source>
      <translation>périodes de validation</translation>
    </message>
    <message>
      <source>validation PAI at {}% {} for the learned model vs {} for decayed counts with a half-life of {} days, over the {} most recent of {} training periods</source>
      <translation>PAI de validation à {} % : {} pour le modèle appris contre {} pour les comptages amortis de demi-vie {} jours, sur les {} plus récentes des {} périodes d'apprentissage</translation>
    </message>
    <message>
      <source>fell back to decayed counts: the learned model did not beat them in the internal validation ({}).</source>
      <translation>repli sur les comptages amortis : le modèle appris ne les a pas battus lors de la validation interne ({}).</translation>
    </message>
    <message>
      <source>Candidates: half-lives {} days, scales {} cells.</source>
      <translation>Candidats : demi-vies {} jours, échelles {} cellules.</translation>
    </message>
    <message>
      <source>the internal validation could not score the recent periods (too few events in them): the output is decayed counts; use larger cells, a longer horizon or more history.</source>
      <translation>la validation interne n'a pas pu évaluer les périodes récentes (trop peu d'événements) : la sortie est celle des comptages amortis ; utilisez des cellules plus grandes, un horizon plus long ou davantage d'historique.</translation>
    </message>
    <message>
      <source>a blend of the learned model (weight {}) and decayed counts is used: it beat decayed counts in the internal validation ({}).</source>
      <translation>un mélange du modèle appris (poids {}) et des comptages amortis est retenu : il a battu les comptages amortis lors de la validation interne ({}).</translation>
    </message>
    <message>
      <source>the learned model is used, though it scored only marginally higher than decayed counts in the internal validation ({}): either map will do.</source>
      <translation>le modèle appris est retenu, mais il n'a fait que très légèrement mieux que les comptages amortis lors de la validation interne ({}) : l'une ou l'autre carte convient.</translation>
    </message>
    <message>
      <source>the learned model is used: it beat decayed counts in the internal validation ({}).</source>
      <translation>le modèle appris est retenu : il a battu les comptages amortis lors de la validation interne ({}).</translation>
    </message>
    <message>
      <source>validation PAI by model weight in a blend with decayed counts: {}</source>
      <translation>PAI de validation selon le poids du modèle dans un mélange avec les comptages amortis : {}</translation>
    </message>
    <message>
      <source>half-life {} days, scale {} cells</source>
      <translation>demi-vie {} jours, échelle {} cellules</translation>
    </message>
    <message>
      <source>Largest weights of the GLM (the forecast is multiplied by the factor when that feature's rate doubles, the others unchanged): {}.</source>
      <translation>Plus grands poids du GLM (la prévision est multipliée par ce facteur quand le taux de la variable double, les autres inchangés) : {}.</translation>
    </message>
    <message>
      <source>Candidate half-lives and scales are numbers separated by commas: {}.</source>
      <translation>Les demi-vies et échelles candidates sont des nombres séparés par des virgules : {}.</translation>
    </message>
    <message>
      <source>{}: x{} when that rate doubles</source>
      <translation>{} : x{} quand ce taux double</translation>
    </message>
    <message>
      <source>SEPP forecast</source>
      <translation>Prévision SEPP</translation>
    </message>
    <message>
      <source> With one model per crime type: of the first band's model.</source>
      <translation> Avec un modèle par type d'infraction : celui de la première bande.</translation>
    </message>
    <message>
      <source>SEPP</source>
      <translation>SEPP</translation>
    </message>
    <message>
      <source>Self-exciting point process forecast</source>
      <translation>Prévision par processus ponctuel auto-excitateur</translation>
    </message>
    <message>
      <source>Fit one model per crime type and write one band per type (band names are the types, in alphabetical order). Off: one model for all the selected events together. Crime types repeat differently (burglary more than violence): per type is usually better when each type has a few hundred events.</source>
      <translation>Ajuster un modèle par type d'infraction et écrire une bande par type (les noms de bande sont les types, par ordre alphabétique). Désactivé : un seul modèle pour l'ensemble des faits sélectionnés. Les types d'infraction se répètent différemment (le cambriolage plus que les violences) : un modèle par type est généralement meilleur quand chaque type compte quelques centaines de faits.</translation>
    </message>
    <message>
      <source>SEPP report</source>
      <translation>Rapport SEPP</translation>
    </message>
    <message>
      <source>HTML report: warnings, the fitted parameters of each model in a table, and how to read them.</source>
      <translation>Rapport HTML : avertissements, paramètres estimés de chaque modèle dans un tableau, et comment les lire.</translation>
    </message>
    <message>
      <source>Fitted parameters (JSON)</source>
      <translation>Paramètres estimés (JSON)</translation>
    </message>
    <message>
      <source>Optional JSON file with the forecast settings and every fitted parameter (and warning) of each model.</source>
      <translation>Fichier JSON facultatif avec les réglages de la prévision et tous les paramètres estimés (et avertissements) de chaque modèle.</translation>
    </message>
    <message>
      <source>Longest delay in days at which an event can still trigger a repeat. 0 (automatic): starts at 30 days and grows to ten mean delays, at most 90.</source>
      <translation>Délai le plus long, en jours, auquel un fait peut encore déclencher une répétition. 0 (automatique) : part de 30 jours et croît jusqu'à dix délais moyens, au plus 90.</translation>
    </message>
    <message>
      <source>Farthest distance in metres at which an event can still trigger a repeat. 0 (automatic): starts at 500 m and grows to four sigmas, at most 2,000 m. Without an extent or mask, the grid extends this far (500 m when automatic) around the events.</source>
      <translation>Distance la plus grande, en mètres, à laquelle un fait peut encore déclencher une répétition. 0 (automatique) : part de 500 m et croît jusqu'à quatre sigmas, au plus 2 000 m. Sans emprise ni masque, la grille s'étend jusqu'à cette distance (500 m en automatique) autour des faits.</translation>
    </message>
    <message>
      <source>The background is a kernel estimate: each event spreads its chance of being background as a Gaussian whose width is the distance to its k-th nearest event (at least half a cell), so it follows narrow hotspots and stays smooth where events are sparse (Zhuang, Ogata &amp; Vere-Jones 2002). In the EM the background at an event comes from the other tenths of the period only, so an event and its own repeats never inflate it. 0 with no smoothing: one rate per cell, as PredPol's grid model, which counts part of every repeat cluster as background (theta too low, more so with small cells). On the bundled demo town (true theta 0.35) the default gives 0.36-0.38 at 150-250 m cells, the per-cell model 0.28-0.33.</source>
      <translation>Le fond est une estimation par noyau : chaque fait répartit sa probabilité d'appartenir au fond selon une gaussienne dont la largeur est la distance à son k-ième plus proche voisin (au moins une demi-cellule) ; il suit ainsi les points chauds étroits et reste lisse là où les faits sont rares (Zhuang, Ogata &amp; Vere-Jones 2002). Dans l'EM, le fond en un fait ne vient que des autres dixièmes de la période : un fait et ses propres répétitions ne le gonflent jamais. 0 sans lissage : un taux par cellule, comme le modèle en grille de PredPol, qui compte une partie de chaque grappe de répétitions comme du fond (theta trop faible, d'autant plus que les cellules sont petites). Sur la ville de démonstration fournie (theta réel 0,35), la valeur par défaut donne 0,36-0,38 avec des cellules de 150 à 250 m, le modèle par cellule 0,28-0,33.</translation>
    </message>
    <message>
      <source>How precisely the events' places are recorded, in metres (the standard deviation of a geocoded point around the place it stands for). Records are geocoded to addresses, street centroids or snapped points, so a repeat at the same house lies at exactly the same point. The repeats are then split in two: repeats at the same place (their share is fitted, blurred by this precision) and near repeats spread by sigma, and a fitted share of the background stays at busy places (addresses, intersections). 0: one Gaussian for all repeats, as Mohler et al. (2011); with events stacked at the same points its sigma then collapses to nothing and the map shows dots. Default 5 m; give more for coarse geocoding (e.g. 20 m for street centroids), at most 100 m. When fewer than 1% of the events share their exact place with another, nothing can inform the same-place parts and the single Gaussian is fitted.</source>
      <translation>Précision avec laquelle les lieux des faits sont enregistrés, en mètres (l'écart-type d'un point géocodé autour du lieu qu'il représente). Les faits sont géocodés à l'adresse, au centroïde de la rue ou à un point de rattachement : une répétition dans la même maison tombe donc exactement au même point. Les répétitions sont alors séparées en deux : les répétitions au même lieu (leur part est ajustée, floutée par cette précision) et les répétitions proches dispersées selon sigma ; une part ajustée du fond reste aux lieux fréquentés (adresses, carrefours). 0 : une seule gaussienne pour toutes les répétitions, comme Mohler et al. (2011) ; avec des faits empilés aux mêmes points, son sigma s'effondre alors à rien et la carte montre des points. 5 m par défaut ; donnez davantage pour un géocodage grossier (par exemple 20 m pour des centroïdes de rues), 100 m au plus. Quand moins de 1 % des faits partagent leur lieu exact avec un autre, rien ne peut renseigner les parts au même lieu et c'est la gaussienne unique qui est ajustée.</translation>
    </message>
    <message>
      <source>Optional fixed width in metres of every event's background kernel, instead of the neighbour distance. 0 (default): widths from the neighbours above.</source>
      <translation>Largeur fixe facultative, en mètres, du noyau de fond de chaque fait, à la place de la distance aux voisins. 0 (par défaut) : largeurs tirées des voisins ci-dessus.</translation>
    </message>
    <message>
      <source>Let the background rate vary by day of the week and/or month of the year (factors fitted with the model; month factors need a year of data or more).</source>
      <translation>Laisser le taux de fond varier selon le jour de la semaine et/ou le mois de l'année (facteurs ajustés avec le modèle ; les facteurs mensuels nécessitent au moins un an de données).</translation>
    </message>
    <message>
      <source>Most EM iterations per round of cutoff growth; the log and report say when a model did not converge.</source>
      <translation>Nombre maximal d'itérations EM par étape d'extension des portées ; le journal et le rapport signalent quand un modèle n'a pas convergé.</translation>
    </message>
    <message>
      <source>EM stops when the log-likelihood gains less than this per event.</source>
      <translation>L'EM s'arrête quand la log-vraisemblance gagne moins que cette valeur par fait.</translation>
    </message>
    <message>
      <source>The raster's bands follow the table's rows. Expected events are per cell over the horizon; theta, omega and sigma describe the repeats (Mohler et al. 2015).</source>
      <translation>Les bandes du raster suivent les lignes du tableau. Les faits attendus sont par cellule sur l'horizon ; theta, omega et sigma décrivent les répétitions (Mohler et al. 2015).</translation>
    </message>
    <message>
      <source>Theta: repeats triggered per event</source>
      <translation>Theta : répétitions déclenchées par fait</translation>
    </message>
    <message>
      <source>Omega: decay of the repeats (per day)</source>
      <translation>Omega : décroissance des répétitions (par jour)</translation>
    </message>
    <message>
      <source>Sigma: spatial spread of the repeats (metres)</source>
      <translation>Sigma : dispersion spatiale des répétitions (mètres)</translation>
    </message>
    <message>
      <source>Share of the repeats at the same place</source>
      <translation>Part des répétitions au même lieu</translation>
    </message>
    <message>
      <source>Background events per day</source>
      <translation>Faits de fond par jour</translation>
    </message>
    <message>
      <source>Log-likelihood</source>
      <translation>Log-vraisemblance</translation>
    </message>
    <message>
      <source>EM iterations</source>
      <translation>Itérations EM</translation>
    </message>
    <message>
      <source>Every model converged</source>
      <translation>Tous les modèles ont convergé</translation>
    </message>
    <message>
      <source>Time cutoff (days)</source>
      <translation>Portée temporelle maximale (jours)</translation>
    </message>
    <message>
      <source>Space cutoff (metres)</source>
      <translation>Portée spatiale maximale (mètres)</translation>
    </message>
    <message>
      <source>Background neighbours</source>
      <translation>Voisins du fond</translation>
    </message>
    <message>
      <source>Location precision (metres)</source>
      <translation>Précision de localisation (mètres)</translation>
    </message>
    <message>
      <source>Background smoothing (metres)</source>
      <translation>Lissage du fond (mètres)</translation>
    </message>
    <message>
      <source>Seasonality of the background</source>
      <translation>Saisonnalité du fond</translation>
    </message>
    <message>
      <source>Maximum EM iterations</source>
      <translation>Itérations EM maximales</translation>
    </message>
    <message>
      <source>Convergence tolerance</source>
      <translation>Tolérance de convergence</translation>
    </message>
    <message>
      <source>Where are crimes expected over the next days? A forecast of the expected number of events in each cell over [AS_OF, AS_OF + HORIZON), by the self-exciting point process behind PredPol: a steady background plus the repeats and near repeats that recent events trigger.</source>
      <translation>Où des faits sont-ils attendus dans les prochains jours ? Une prévision du nombre attendu de faits dans chaque cellule sur [AS_OF, AS_OF + HORIZON), par le processus ponctuel auto-excitateur qui sous-tend PredPol : un fond stable, plus les répétitions et répétitions proches que déclenchent les faits récents.</translation>
    </message>
    <message>
      <source>The rate of events is mu(x, y) s(t) + sum over earlier events of theta omega exp(-omega dt) g(d), with g a Gaussian of spread sigma. theta is the number of repeats each event triggers (also the share of events that are repeats), 1/omega their mean delay and sigma their spread. The model is fitted by EM (stochastic declustering) on the events strictly before AS_OF, then the background and the repeats still due from past events are integrated over each cell and the horizon. Events on or after AS_OF are never read into the model nor the grid.</source>
      <translation>Le taux de faits est mu(x, y) s(t) + la somme sur les faits antérieurs de theta omega exp(-omega dt) g(d), avec g une gaussienne de dispersion sigma. theta est le nombre de répétitions que déclenche chaque fait (c'est aussi la part des faits qui sont des répétitions), 1/omega leur délai moyen et sigma leur dispersion. Le modèle est ajusté par EM (dégroupement stochastique) sur les faits strictement antérieurs à AS_OF, puis le fond et les répétitions encore attendues des faits passés sont intégrés sur chaque cellule et sur l'horizon. Les faits à partir de AS_OF ne sont jamais lus, ni par le modèle ni pour la grille.</translation>
    </message>
    <message>
      <source>Repeats at the same place</source>
      <translation>Répétitions au même lieu</translation>
    </message>
    <message>
      <source>Police records put events at addresses, street centroids or snapped points, so a repeat at the same house lies at exactly the same point as the first event. A single Gaussian trigger cannot hold such pairs: its fit shrinks sigma to nothing (a map of dots). Each recorded place is therefore taken as known to within LOCATION_PRECISION metres, and the repeats fall in two parts fitted together: a share at the same place (repeat victimisation) and the rest near repeats spread by sigma, both blurred by the precision (a measurement-error model; Carroll et al. 2006). Busy addresses and intersections also collect unrelated events all the time: part of the background (its share is fitted, from the other tenths of the period) stays at the events' own places, so that these are not taken for repeats months apart. The report gives both shares and the near repeats' reach. On simulated events snapped to address points with sigma 100 m and 30% or 60% of the repeats at the same place, the fit finds sigma within 20% and the share within 0.08, where a single Gaussian collapses to sigma 0 and halves theta; on events without repeats at busy addresses it finds theta under 0.05, where a single Gaussian finds 0.9 or more.</source>
      <translation>Les fichiers de police placent les faits à des adresses, des centroïdes de rues ou des points de rattachement : une répétition dans la même maison tombe exactement au même point que le premier fait. Une gaussienne unique ne peut pas tenir de telles paires : son ajustement réduit sigma à rien (une carte de points). Chaque lieu enregistré est donc tenu pour connu à LOCATION_PRECISION mètres près, et les répétitions se répartissent en deux parts ajustées ensemble : une part au même lieu (victimation répétée) et le reste en répétitions proches dispersées selon sigma, toutes deux floutées par la précision (un modèle d'erreur de mesure ; Carroll et al. 2006). Les adresses et carrefours fréquentés accumulent aussi sans cesse des faits sans lien entre eux : une part du fond (ajustée à partir des autres dixièmes de la période) reste aux lieux mêmes des faits, pour qu'ils ne soient pas pris pour des répétitions à des mois d'écart. Le rapport donne les deux parts et la portée des répétitions proches. Sur des faits simulés rattachés à des points d'adresse avec sigma 100 m et 30 % ou 60 % des répétitions au même lieu, l'ajustement retrouve sigma à 20 % près et la part à 0,08 près, là où une gaussienne unique s'effondre à sigma 0 et divise theta par deux ; sur des faits sans répétition à des adresses fréquentées, il trouve theta sous 0,05, là où une gaussienne unique trouve 0,9 ou plus.</translation>
    </message>
    <message>
      <source>Cascade within the horizon</source>
      <translation>Cascade pendant l'horizon</translation>
    </message>
    <message>
      <source>Events that occur within the horizon trigger repeats too, and these trigger theirs. The forecast counts the whole cascade in closed form (the renewal equation of a Hawkes process with an exponential delay): generation g descends from its ancestor with theta^g expected events, a Gamma (Erlang) delay of shape g and a Gaussian spread of sqrt(g) sigma, summed over the generations that matter. Without it, a forecast with theta 0.3 and a mean delay of 5 days counted only 0.85 of the events over 7 days and 0.75 over 28; with it, forecasts on simulations with known or fitted parameters match the observed totals within 5% at 1, 7 and 28 days. The log gives the parts: background, repeats of past events, repeats of new background events.</source>
      <translation>Les faits survenant pendant l'horizon déclenchent eux aussi des répétitions, qui déclenchent les leurs. La prévision compte toute la cascade sous forme fermée (l'équation de renouvellement d'un processus de Hawkes à délai exponentiel) : la génération g descend de son ancêtre avec theta^g faits attendus, un délai Gamma (Erlang) de forme g et une dispersion gaussienne de sqrt(g) sigma, sommés sur les générations qui comptent. Sans elle, une prévision avec theta 0,3 et un délai moyen de 5 jours ne comptait que 0,85 des faits sur 7 jours et 0,75 sur 28 ; avec elle, les prévisions sur des simulations aux paramètres connus ou ajustés retrouvent les totaux observés à 5 % près à 1, 7 et 28 jours. Le journal donne les parts : fond, répétitions des faits passés, répétitions des nouveaux faits de fond.</translation>
    </message>
    <message>
      <source>The raster holds expected events per cell over the horizon (its sum is the forecast total). The report and the JSON give every model's parameters and warnings. The numbers THETA, OMEGA (per day), SIGMA (metres, the near repeats' spread), SAME_PLACE_SHARE (share of the repeats at the same place), BACKGROUND_RATE (events per day), LOG_LIKELIHOOD and ITERATIONS describe the single model, or with one model per crime type the first band's (first type alphabetically); CONVERGED is true only when every model converged; EXPECTED_EVENTS sums all bands.</source>
      <translation>Le raster contient les faits attendus par cellule sur l'horizon (sa somme est le total prévu). Le rapport et le JSON donnent les paramètres et avertissements de chaque modèle. Les nombres THETA, OMEGA (par jour), SIGMA (mètres, la dispersion des répétitions proches), SAME_PLACE_SHARE (part des répétitions au même lieu), BACKGROUND_RATE (faits par jour), LOG_LIKELIHOOD et ITERATIONS décrivent le modèle unique ou, avec un modèle par type d'infraction, celui de la première bande (le premier type par ordre alphabétique) ; CONVERGED n'est vrai que si tous les modèles ont convergé ; EXPECTED_EVENTS additionne toutes les bandes.</translation>
    </message>
    <message>
      <source>A theta near 1 means nearly every event looks like a repeat: the fit is unstable and the forecast unreliable (a warning says so); mixing crime types with different repeat patterns or background hotspots narrower than a few cells pushes theta up, sparse cells push it down. Repeats that land outside the grid are not counted. The forecast learns recorded crime, with the recording and patrol biases that come with it: compare it with simpler maps in the backtest before acting on it.</source>
      <translation>Un theta proche de 1 signifie que presque chaque fait ressemble à une répétition : l'ajustement est instable et la prévision peu fiable (un avertissement le signale) ; mélanger des types d'infraction aux schémas de répétition différents, ou des points chauds de fond plus étroits que quelques cellules, fait monter theta, des cellules clairsemées le font baisser. Les répétitions qui tombent hors de la grille ne sont pas comptées. La prévision apprend la délinquance enregistrée, avec les biais d'enregistrement et de patrouille qui l'accompagnent : comparez-la à des cartes plus simples dans la rétro-évaluation avant d'agir.</translation>
    </message>
    <message>
      <source>events fitted</source>
      <translation>faits utilisés</translation>
    </message>
    <message>
      <source>mean delay (days)</source>
      <translation>délai moyen (jours)</translation>
    </message>
    <message>
      <source>omega (per day)</source>
      <translation>omega (par jour)</translation>
    </message>
    <message>
      <source>sigma (m)</source>
      <translation>sigma (m)</translation>
    </message>
    <message>
      <source>share of repeats at the same place</source>
      <translation>part des répétitions au même lieu</translation>
    </message>
    <message>
      <source>location precision (m)</source>
      <translation>précision de localisation (m)</translation>
    </message>
    <message>
      <source>share of the background at the events' places</source>
      <translation>part du fond aux lieux des faits</translation>
    </message>
    <message>
      <source>background (events per day)</source>
      <translation>fond (faits par jour)</translation>
    </message>
    <message>
      <source>log-likelihood</source>
      <translation>log-vraisemblance</translation>
    </message>
    <message>
      <source>iterations</source>
      <translation>itérations</translation>
    </message>
    <message>
      <source>converged</source>
      <translation>convergé</translation>
    </message>
    <message>
      <source>time cutoff (days)</source>
      <translation>portée temporelle (jours)</translation>
    </message>
    <message>
      <source>space cutoff (m)</source>
      <translation>portée spatiale (m)</translation>
    </message>
    <message>
      <source>of which background</source>
      <translation>dont fond</translation>
    </message>
    <message>
      <source>of which repeats descending from past events</source>
      <translation>dont répétitions issues des faits passés</translation>
    </message>
    <message>
      <source>of which repeats descending from new background events</source>
      <translation>dont répétitions issues des nouveaux faits de fond</translation>
    </message>
    <message>
      <source>Repeats at the same place (within the location precision of {} m): {}% of the triggered events; near repeats within about {} m (two sigmas) for the other {}%. Busy places: {}% of the background stays at the events' own places (addresses, intersections).</source>
      <translation>Répétitions au même lieu (à la précision de localisation de {} m près) : {} % des faits déclenchés ; répétitions proches dans un rayon d'environ {} m (deux sigmas) pour les {} % restants. Lieux fréquentés : {} % du fond reste aux lieux mêmes des faits (adresses, carrefours).</translation>
    </message>
    <message>
      <source>theta = {}: about {}% of events are repeats or near repeats triggered by an earlier event; mean delay {} days; spatial spread sigma {} m. Background: {} events per day over the area. Forecast: {} events expected over the horizon, {} of them background.</source>
      <translation>theta = {} : environ {} % des faits sont des répétitions ou répétitions proches déclenchées par un fait antérieur ; délai moyen {} jours ; dispersion spatiale sigma {} m. Fond : {} faits par jour sur la zone. Prévision : {} faits attendus sur l'horizon, dont {} de fond.</translation>
    </message>
    <message>
      <source>None</source>
      <translation>Aucune</translation>
    </message>
    <message>
      <source>Day of week</source>
      <translation>Jour de la semaine</translation>
    </message>
    <message>
      <source>Month of year</source>
      <translation>Mois de l'année</translation>
    </message>
    <message>
      <source>Day of week and month of year</source>
      <translation>Jour de la semaine et mois de l'année</translation>
    </message>
    <message>
      <source>{}: theta = {} is close to 1, the model is nearly explosive and its forecast unreliable. Fit one model per crime type, use larger cells or check for duplicated events.</source>
      <translation>{} : theta = {} est proche de 1, le modèle est presque explosif et sa prévision peu fiable. Ajustez un modèle par type d'infraction, utilisez des cellules plus grandes ou recherchez des faits en double.</translation>
    </message>
    <message>
      <source>Scored by share of street length searched (not share of area), as Rosser et al. (2017): {} km of streets in the study area, in {} lixels of at most {:g} m; {} events snapped to them, {} dropped as farther than {:g} m from every street (used by no method, scored for none).</source>
      <translation>Évalué par la part de la longueur de rues parcourue (et non par la part de surface), comme Rosser et al. (2017) : {} km de rues dans la zone d'étude, en {} lixels d'au plus {:g} m ; {} faits accrochés à ces rues, {} écartés car à plus de {:g} m de toute rue (utilisés par aucune méthode, évalués pour aucune).</translation>
    </message>
    <message>
      <source>Crime trends</source>
      <translation>Tendances de la délinquance</translation>
    </message>
    <message>
      <source>Step of the count series the trend test runs on. Only steps wholly inside the period count (at least 3, 10 or more advised).</source>
      <translation>Pas de la série de comptages sur laquelle porte le test de tendance. Seuls les pas entièrement compris dans la période comptent (au moins 3 ; 10 ou plus conseillés).</translation>
    </message>
    <message>
      <source>Automatic (advised): for monthly and weekly series over at least two whole years, the seasonal Kendall test for each row whose series has a seasonal cycle (Kruskal-Wallis, p &lt;= 0.05), otherwise the modified Mann-Kendall test. The uncorrected test flags about one trend-free series in four when months are correlated; it is kept for comparison.</source>
      <translation>Automatique (conseillé) : pour les séries mensuelles et hebdomadaires couvrant au moins deux années entières, le test de Kendall saisonnier pour chaque ligne dont la série présente un cycle saisonnier (Kruskal-Wallis, p &lt;= 0,05), sinon le test de Mann-Kendall modifié. Le test non corrigé signale une tendance dans environ une série sans tendance sur quatre quand les mois sont corrélés ; il n'est gardé que pour comparaison.</translation>
    </message>
    <message>
      <source>Optional polygons (districts, beats): trends are also given per zone and per crime type in each zone. Events are assigned to the zone that contains them, in the working CRS.</source>
      <translation>Polygones facultatifs (circonscriptions, secteurs de patrouille) : les tendances sont aussi données par zone et par type d'infraction dans chaque zone. Les faits sont affectés à la zone qui les contient, dans le SCR de travail.</translation>
    </message>
    <message>
      <source>Field naming each zone; polygons with the same value form one zone. Empty: each polygon is a zone, named by its feature id.</source>
      <translation>Champ nommant chaque zone ; les polygones ayant la même valeur forment une seule zone. Vide : chaque polygone est une zone, nommée par son identifiant d'entité.</translation>
    </message>
    <message>
      <source>One row per crime type (and per zone, and per crime type in each zone; '(all)' rows for the totals): events, first and last date, the trend test's z, p-value and trend, Sen's slope per step and per year, the last 12 months against the 12 before, the change in %, and which trend test ran (trend_test), its variance inflation for serial correlation and the p-value of the seasonal-cycle test.</source>
      <translation>Une ligne par type d'infraction (et par zone, et par type d'infraction dans chaque zone ; lignes « (all) » pour les totaux) : faits, première et dernière date, z, p-valeur et tendance du test de tendance, pente de Sen par pas et par an, les 12 derniers mois face aux 12 précédents, la variation en %, le test de tendance appliqué (trend_test), son facteur d'inflation de variance pour l'autocorrélation et la p-valeur du test de cycle saisonnier.</translation>
    </message>
    <message>
      <source>Trends report</source>
      <translation>Rapport des tendances</translation>
    </message>
    <message>
      <source>Optional HTML report: the table, the time series with its trend line, seasonal profiles (month of year, day of week, hour of day when times are known) and one small chart per crime type and zone.</source>
      <translation>Rapport HTML facultatif : le tableau, la série temporelle avec sa droite de tendance, les profils saisonniers (mois de l'année, jour de la semaine, heure de la journée quand les heures sont connues) et un petit graphique par type d'infraction et par zone.</translation>
    </message>
    <message>
      <source>Optional table of events by weekday and hour of day (the 'temporal heat map'): one row per crime type (and zone) x weekday x hour, '(all)' rows for the totals. Events with a time window (TIME_END_FIELD) count in each hour of their window in proportion to the time it covers (aoristic weights), so the column events may hold fractions.</source>
      <translation>Tableau facultatif des événements par jour de la semaine et heure (la « carte de chaleur temporelle ») : une ligne par type de délit (et zone) × jour × heure, des lignes « (all) » pour les totaux. Les événements à fenêtre horaire (TIME_END_FIELD) comptent dans chaque heure de leur fenêtre au prorata du temps couvert (poids aoristiques) : la colonne events peut donc contenir des fractions.</translation>
    </message>
    <message>
      <source>Optional raster: the hour of day (0-23) when each cell's events are most frequent, from its hour-of-week profile shrunk towards its neighbourhood's (5 x 5 cells) and the whole area's by empirical Bayes, so a cell with three events does not get a spiky profile. Styled with a circular colour ramp (23:00 meets 00:00). Cells whose neighbourhood holds no event are nodata. The grid parameters (cell size, extent, mask) apply to this raster only.</source>
      <translation>Raster facultatif : l'heure du jour (0-23) où les événements de chaque cellule sont les plus fréquents, d'après son profil heure × jour de la semaine rétréci vers celui de son voisinage (5 × 5 cellules) et celui de toute la zone par Bayes empirique, pour qu'une cellule de trois événements n'ait pas un profil en dents de scie. Symbolisé par une rampe de couleurs circulaire (23:00 rejoint 00:00). Les cellules dont le voisinage ne contient aucun événement sont sans donnée. Les paramètres de grille (taille de cellule, emprise, masque) ne valent que pour ce raster.</translation>
    </message>
    <message>
      <source>Hour and weekday</source>
      <translation>Heure et jour de la semaine</translation>
    </message>
    <message>
      <source>increasing</source>
      <translation>hausse</translation>
    </message>
    <message>
      <source>decreasing</source>
      <translation>baisse</translation>
    </message>
    <message>
      <source>no trend</source>
      <translation>pas de tendance</translation>
    </message>
    <message>
      <source>(all)</source>
      <translation>(tous)</translation>
    </message>
    <message>
      <source>Crime trends and seasonality</source>
      <translation>Tendances et saisonnalité de la délinquance</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Résumé</translation>
    </message>
    <message>
      <source>All events over time</source>
      <translation>Tous les faits dans le temps</translation>
    </message>
    <message>
      <source>Seasonality (all events)</source>
      <translation>Saisonnalité (tous les faits)</translation>
    </message>
    <message>
      <source>Zones (polygons)</source>
      <translation>Zones (polygones)</translation>
    </message>
    <message>
      <source>Zone name field</source>
      <translation>Champ du nom de zone</translation>
    </message>
    <message>
      <source>Trends table</source>
      <translation>Table des tendances</translation>
    </message>
    <message>
      <source>Hour x weekday table</source>
      <translation>Tableau heure × jour de la semaine</translation>
    </message>
    <message>
      <source>Peak hour per cell</source>
      <translation>Heure de pointe par cellule</translation>
    </message>
    <message>
      <source>Time steps in the trend test</source>
      <translation>Pas de temps du test de tendance</translation>
    </message>
    <message>
      <source>Rows of the table</source>
      <translation>Lignes de la table</translation>
    </message>
    <message>
      <source>Is crime rising or falling, for which crime types and where, and when in the year, week and day does it happen? Counts per day, week or month, the seasonal profiles, a trend test and the change against the same period one year before.</source>
      <translation>La délinquance augmente-t-elle ou diminue-t-elle, pour quels types d'infraction et où, et à quel moment de l'année, de la semaine et de la journée se produit-elle ? Comptages par jour, semaine ou mois, profils saisonniers, test de tendance et évolution par rapport à la même période un an plus tôt.</translation>
    </message>
    <message>
      <source>A table that models can chain and an HTML report whose charts are inline SVG (no internet needed).</source>
      <translation>Une table que les modèles peuvent enchaîner et un rapport HTML dont les graphiques sont en SVG intégré (aucune connexion internet nécessaire).</translation>
    </message>
    <message>
      <source>With few steps (under about 24) no test can tell a slow drift from correlated noise well: the correction then makes the test cautious. Serial correlation stronger than an AR(1) of 0.6, or changing seasonality, can still make it too eager. A change in recording practice looks like a trend. 'previous_12m_complete' is false when the data do not cover the whole previous year. Zones without any event have no row.</source>
      <translation>Avec peu de pas (moins de 24 environ), aucun test ne distingue bien une lente dérive d'un bruit autocorrélé : la correction rend alors le test prudent. Une autocorrélation plus forte qu'un AR(1) de 0,6, ou une saisonnalité qui change, peut encore le rendre trop prompt à conclure. Un changement des pratiques d'enregistrement ressemble à une tendance. « previous_12m_complete » vaut false quand les données ne couvrent pas toute l'année précédente. Les zones sans aucun fait n'ont pas de ligne.</translation>
    </message>
    <message>
      <source>trend (Sen's slope)</source>
      <translation>tendance (pente de Sen)</translation>
    </message>
    <message>
      <source>By crime type</source>
      <translation>Par type d'infraction</translation>
    </message>
    <message>
      <source>By zone</source>
      <translation>Par zone</translation>
    </message>
    <message>
      <source>Events per day, by month</source>
      <translation>Faits par jour, par mois</translation>
    </message>
    <message>
      <source>Events per day, by weekday</source>
      <translation>Faits par jour, par jour de la semaine</translation>
    </message>
    <message>
      <source>The hour x weekday tables count each event in the hour of its time; an event with a time window (TIME_END_FIELD) counts in every hour of its window in proportion to the real time it covers (aoristic analysis, Ratcliffe 2000, 2002), and so does the chart of events by hour of day. The counts over time and the trend test place such an event at the start of its window.</source>
      <translation>Les tableaux heure × jour de la semaine comptent chaque événement dans l'heure où il a eu lieu ; un événement à fenêtre horaire (TIME_END_FIELD) compte dans chaque heure de sa fenêtre au prorata du temps réel couvert (analyse aoristique, Ratcliffe 2000, 2002), de même que le graphique des événements par heure. Les comptages dans le temps et le test de tendance placent un tel événement au début de sa fenêtre.</translation>
    </message>
    <message>
      <source>Trend test run: {}.</source>
      <translation>Test de tendance appliqué : {}.</translation>
    </message>
    <message>
      <source>Peak hour per cell: hour-of-week profiles shrunk with a neighbourhood prior of {} events ({} of it pooled over the weekdays) and a whole-area prior of {} events, fitted by maximum marginal likelihood.</source>
      <translation>Heure de pointe par cellule : profils heure × jour de la semaine rétrécis avec un a priori de voisinage de {} événements (dont {} mis en commun entre les jours de la semaine) et un a priori de toute la zone de {} événements, ajustés par maximum de vraisemblance marginale.</translation>
    </message>
    <message>
      <source>Peak hour</source>
      <translation>Heure de pointe</translation>
    </message>
    <message>
      <source>Events by weekday and hour of day; darker cells hold more events. {} events with a time window count in each hour of their window in proportion to the time it covers (aoristic analysis, Ratcliffe 2002). Dates without a clock time all fall at 00:00. Hover over a cell for its count; the table output holds every crime type in every zone.</source>
      <translation>Événements par jour de la semaine et heure du jour ; les cases les plus foncées en contiennent le plus. {} événements à fenêtre horaire comptent dans chaque heure de leur fenêtre au prorata du temps couvert (analyse aoristique, Ratcliffe 2002). Les dates sans heure tombent toutes à 00:00. Survolez une case pour lire son effectif ; le tableau en sortie donne chaque type de délit dans chaque zone.</translation>
    </message>
    <message>
      <source>{} zones; {} events lie outside every zone (they count only in the '(all)' rows).</source>
      <translation>{} zones ; {} faits sont hors de toute zone (ils ne comptent que dans les lignes « (all) »).</translation>
    </message>
    <message>
      <source>{} to {}, trend on {} complete {} steps</source>
      <translation>Du {} au {}, tendance sur {} pas complets ({})</translation>
    </message>
    <message>
      <source>Trend: {}, {} on {} steps, z = {}, p = {}; slope {} events per {} ({} per year). Only complete steps are shown.</source>
      <translation>Tendance : {}, {} sur {} pas, z = {}, p = {} ; pente {} faits par {} ({} par an). Seuls les pas complets sont affichés.</translation>
    </message>
    <message>
      <source>Recorded crime reflects reporting and patrol patterns as well as crime. Trend tests run: {}. The trend test column names the test of each row.</source>
      <translation>La délinquance enregistrée reflète les pratiques de plainte et de patrouille autant que la délinquance. Tests de tendance appliqués : {}. La colonne « test de tendance » indique le test de chaque ligne.</translation>
    </message>
    <message>
      <source>All events: {} over {} complete {} steps ({}, p = {}); Sen's slope: {} events per year.</source>
      <translation>Tous les faits : {} sur {} pas complets ({}) ({}, p = {}) ; pente de Sen : {} faits par an.</translation>
    </message>
    <message>
      <source>Events by hour of day</source>
      <translation>Faits par heure de la journée</translation>
    </message>
    <message>
      <source>Automatic: seasonal Kendall where a seasonal cycle shows, otherwise modified Mann-Kendall</source>
      <translation>Automatique : Kendall saisonnier là où un cycle saisonnier apparaît, sinon Mann-Kendall modifié</translation>
    </message>
    <message>
      <source>Modified Mann-Kendall (corrected for serial correlation)</source>
      <translation>Mann-Kendall modifié (corrigé de l'autocorrélation)</translation>
    </message>
    <message>
      <source>Seasonal Kendall (corrected for serial correlation)</source>
      <translation>Kendall saisonnier (corrigé de l'autocorrélation)</translation>
    </message>
    <message>
      <source>Mann-Kendall without correction (not advised)</source>
      <translation>Mann-Kendall sans correction (déconseillé)</translation>
    </message>
    <message>
      <source>The trend test runs on the count series of complete steps. By default each row gets the modified Mann-Kendall test: the Mann-Kendall S (tie-corrected variance, continuity-corrected z, two-sided p) with its variance inflated for serial correlation (Hamed &amp;amp; Rao 1998), the autocorrelation being modelled as an AR(1) signal seen through counting noise from the first two autocorrelations of the detrended series, corrected for their small-sample bias. Monthly and weekly series over at least two whole years whose counts show a seasonal cycle (Kruskal-Wallis test across the months of year, p &lt;= 0.05) get the seasonal Kendall test instead (Hirsch, Slack &amp;amp; Smith 1982): S is summed within each month (or week) of year over the most recent whole years, so the cycle cannot pass for a trend, and its variance includes the covariance between seasons from serial dependence (Hirsch &amp;amp; Slack 1984), modelled the same way. 'increasing' or 'decreasing' when p &lt;= 0.05. On simulated trend-free series of 36 months with correlated months (AR(1), 0.6) the default flags 5-7% of series, against 15-23% for the uncorrected test; a rise of 20% over three years is found about half the time at 50 events a month and four times in five at 100. The size is Sen's slope (seasonal Kendall slope for the seasonal test), the median of the pairwise slopes, in events per step and per year. The change compares the last 12 calendar months of the period with the same dates one year earlier. Seasonal profiles give events per day of each month of year and of each weekday, so that partial years do not bias them.</source>
      <translation>Le test de tendance porte sur la série de comptages des pas complets. Par défaut, chaque ligne reçoit le test de Mann-Kendall modifié : le S de Mann-Kendall (variance corrigée des ex aequo, z avec correction de continuité, p bilatérale) dont la variance est augmentée pour tenir compte de l'autocorrélation (Hamed &amp;amp; Rao 1998), l'autocorrélation étant modélisée comme un signal AR(1) vu à travers le bruit de comptage, à partir des deux premières autocorrélations de la série sans tendance, corrigées de leur biais de petit échantillon. Les séries mensuelles et hebdomadaires couvrant au moins deux années entières dont les comptages montrent un cycle saisonnier (test de Kruskal-Wallis entre les mois de l'année, p &lt;= 0,05) reçoivent à la place le test de Kendall saisonnier (Hirsch, Slack &amp;amp; Smith 1982) : S est sommé à l'intérieur de chaque mois (ou semaine) de l'année sur les années entières les plus récentes, si bien que le cycle ne peut pas passer pour une tendance, et sa variance inclut la covariance entre saisons due à la dépendance sérielle (Hirsch &amp;amp; Slack 1984), modélisée de la même façon. « increasing » (hausse) ou « decreasing » (baisse) quand p &lt;= 0,05. Sur des séries simulées sans tendance de 36 mois aux mois corrélés (AR(1), 0,6), le test par défaut signale 5 à 7 % des séries, contre 15 à 23 % pour le test non corrigé ; une hausse de 20 % en trois ans est détectée environ une fois sur deux à 50 faits par mois et quatre fois sur cinq à 100. Son ampleur est la pente de Sen (la pente de Kendall saisonnière pour le test saisonnier), médiane des pentes entre paires, en faits par pas et par an. L'évolution compare les 12 derniers mois calendaires de la période aux mêmes dates un an plus tôt. Les profils saisonniers donnent les faits par jour de chaque mois de l'année et de chaque jour de la semaine, pour que les années partielles ne les faussent pas.</translation>
    </message>
    <message>
      <source>No event lies inside any of the {} zones. Check that the zones overlap the events (and their CRS).</source>
      <translation>Aucun fait ne se trouve dans l'une des {} zones. Vérifiez que les zones recouvrent les faits (et leur SCR).</translation>
    </message>
    <message>
      <source>Events per {}</source>
      <translation>Faits par {}</translation>
    </message>
    <message>
      <source>The last 12 months had {} events against {} in the 12 months before ({}).</source>
      <translation>Les 12 derniers mois comptent {} faits contre {} les 12 mois précédents ({}).</translation>
    </message>
    <message>
      <source>zone {}</source>
      <translation>zone {}</translation>
    </message>
    <message>
      <source>trend</source>
      <translation>tendance</translation>
    </message>
    <message>
      <source>All events</source>
      <translation>Tous les événements</translation>
    </message>
    <message>
      <source>CrimeRisk: predictive crime mapping</source>
      <translation>CrimeRisk : cartographie prédictive de la délinquance</translation>
    </message>
    <message>
      <source>Backtest: which forecast to deploy?</source>
      <translation>Rétro-évaluation : quelle prévision déployer ?</translation>
    </message>
    <message>
      <source>Summary across folds</source>
      <translation>Résumé sur l'ensemble des périodes</translation>
    </message>
    <message>
      <source>95% intervals: t-intervals over the folds, cut at the values a score can take (a hit rate lies between 0 and 1, a PAI is never below 0); with few folds they are wide.</source>
      <translation>Intervalles à 95 % : intervalles de Student sur les périodes de test, bornés aux valeurs qu'un score peut prendre (un taux de réussite est compris entre 0 et 1, un PAI n'est jamais négatif) ; avec peu de périodes, ils sont larges.</translation>
    </message>
    <message>
      <source>Mean computing time per fold (seconds):</source>
      <translation>Temps de calcul moyen par période (secondes) :</translation>
    </message>
    <message>
      <source>Fitted parameters per fold</source>
      <translation>Paramètres estimés par période</translation>
    </message>
    <message>
      <source>Share of events captured (%) vs share of area (%)</source>
      <translation>Part des faits captés (%) selon la part de surface (%)</translation>
    </message>
    <message>
      <source>Share of events captured (%) vs share of street length searched (%)</source>
      <translation>Part des faits captés (%) selon la part de la longueur de rues parcourue (%)</translation>
    </message>
    <message>
      <source>events captured (%)</source>
      <translation>faits captés (%)</translation>
    </message>
    <message>
      <source>PAI per fold (1 = chance)</source>
      <translation>PAI par période (1 = hasard)</translation>
    </message>
    <message>
      <source>the streets catch more crime: plan patrols on street segments</source>
      <translation>les rues captent plus de faits : planifiez les patrouilles sur des tronçons de rue</translation>
    </message>
    <message>
      <source>{} events; {} folds from {} to {}; grid of {} m cells ({} cells in the study area).</source>
      <translation>{} faits ; {} plis du {} au {} ; grille de cellules de {} m ({} cellules dans la zone d'étude).</translation>
    </message>
    <message>
      <source>Hit rate versus street length patrolled (mean over folds)</source>
      <translation>Taux de réussite selon la longueur de rues patrouillée (moyenne des périodes)</translation>
    </message>
    <message>
      <source>Hit rate versus area patrolled (mean over folds)</source>
      <translation>Taux de réussite selon la surface patrouillée (moyenne des périodes)</translation>
    </message>
    <message>
      <source>the grid catches more crime: plan patrols on cells</source>
      <translation>le maillage capte plus de faits : planifiez les patrouilles sur des cellules</translation>
    </message>
    <message>
      <source>no clear difference: either serves on these data</source>
      <translation>pas de différence nette : l'un ou l'autre convient sur ces données</translation>
    </message>
    <message>
      <source>Grid or streets at {} of the street length: the best street forecast ({}) catches {} of the events, the best grid forecast ({}) {} (one-sided fold-by-fold test, Holm-adjusted p = {}): {}.</source>
      <translation>Maillage ou rues, à {} de la longueur de rues : la meilleure prévision sur rues ({}) capte {} des faits, la meilleure prévision sur maillage ({}) {} (test unilatéral période par période, p ajustée par Holm = {}) : {}.</translation>
    </message>
    <message>
      <source>fold</source>
      <translation>pli</translation>
    </message>
    <message>
      <source>from</source>
      <translation>début</translation>
    </message>
    <message>
      <source>training events</source>
      <translation>faits d'apprentissage</translation>
    </message>
    <message>
      <source>Grid or streets: only one kind of method could be scored at {} of the street length.</source>
      <translation>Maillage ou rues : un seul type de méthode a pu être évalué à {} de la longueur de rues.</translation>
    </message>
    <message>
      <source>Verdict at {} of the street length</source>
      <translation>Verdict à {} de la longueur de rues</translation>
    </message>
    <message>
      <source>Do not deploy: no method clearly beats the best baseline at {} of the street length</source>
      <translation>Ne pas déployer : aucune méthode ne bat nettement la meilleure référence sur {} de la longueur de rues</translation>
    </message>
    <message>
      <source>Verdict at {} of the area</source>
      <translation>Verdict à {} de la surface</translation>
    </message>
    <message>
      <source>Do not deploy: no method clearly beats the best baseline at {} of the area</source>
      <translation>Ne pas déployer : aucune méthode ne bat nettement la meilleure référence sur {} de la zone</translation>
    </message>
    <message>
      <source>PAI per fold at {} of the street length</source>
      <translation>PAI par période à {} de la longueur de rues</translation>
    </message>
    <message>
      <source>PAI per fold at {} of the area</source>
      <translation>PAI par période à {} de la surface</translation>
    </message>
    <message>
      <source>error</source>
      <translation>erreur</translation>
    </message>
    <message>
      <source>alert areas</source>
      <translation>zones d'alerte</translation>
    </message>
    <message>
      <source>alert above this risk</source>
      <translation>alerte au-dessus de ce risque</translation>
    </message>
    <message>
      <source>alert on the top % of cells</source>
      <translation>alerte sur le top % des cellules</translation>
    </message>
    <message>
      <source>significance level</source>
      <translation>seuil de signification</translation>
    </message>
    <message>
      <source>forecast from</source>
      <translation>prévision à partir du</translation>
    </message>
    <message>
      <source>forecast from (days since 1970)</source>
      <translation>prévision à partir du (jours depuis 1970)</translation>
    </message>
    <message>
      <source>AUC</source>
      <translation>AUC</translation>
    </message>
    <message>
      <source>background bandwidth (m)</source>
      <translation>largeur de bande du fond (m)</translation>
    </message>
    <message>
      <source>median background bandwidth (m)</source>
      <translation>largeur de bande médiane du fond (m)</translation>
    </message>
    <message>
      <source>background bandwidth rule</source>
      <translation>règle de largeur de bande du fond</translation>
    </message>
    <message>
      <source>background events</source>
      <translation>faits de fond</translation>
    </message>
    <message>
      <source>background neighbours</source>
      <translation>voisins du fond</translation>
    </message>
    <message>
      <source>background events per day</source>
      <translation>faits de fond par jour</translation>
    </message>
    <message>
      <source>background share</source>
      <translation>part du fond</translation>
    </message>
    <message>
      <source>background smoothing (m)</source>
      <translation>lissage du fond (m)</translation>
    </message>
    <message>
      <source>background weight</source>
      <translation>poids du fond</translation>
    </message>
    <message>
      <source>background window (days)</source>
      <translation>fenêtre du fond (jours)</translation>
    </message>
    <message>
      <source>bandwidth</source>
      <translation>largeur de bande</translation>
    </message>
    <message>
      <source>bandwidth (days)</source>
      <translation>largeur de bande (jours)</translation>
    </message>
    <message>
      <source>bandwidth (m)</source>
      <translation>largeur de bande (m)</translation>
    </message>
    <message>
      <source>bandwidth rule</source>
      <translation>règle de largeur de bande</translation>
    </message>
    <message>
      <source>binning cell (m)</source>
      <translation>cellule de regroupement (m)</translation>
    </message>
    <message>
      <source>crime types</source>
      <translation>types de faits</translation>
    </message>
    <message>
      <source>crime type</source>
      <translation>type d'infraction</translation>
    </message>
    <message>
      <source>cell size (m)</source>
      <translation>taille de cellule (m)</translation>
    </message>
    <message>
      <source>cells: cold spot, 90%</source>
      <translation>cellules : point froid, 90 %</translation>
    </message>
    <message>
      <source>cells: cold spot, 95%</source>
      <translation>cellules : point froid, 95 %</translation>
    </message>
    <message>
      <source>cells: cold spot, 99%</source>
      <translation>cellules : point froid, 99 %</translation>
    </message>
    <message>
      <source>cells: consecutive cold spot</source>
      <translation>cellules : point froid consécutif</translation>
    </message>
    <message>
      <source>cells: consecutive hot spot</source>
      <translation>cellules : point chaud consécutif</translation>
    </message>
    <message>
      <source>cells: diminishing cold spot</source>
      <translation>cellules : point froid en diminution</translation>
    </message>
    <message>
      <source>cells: diminishing hot spot</source>
      <translation>cellules : point chaud en diminution</translation>
    </message>
    <message>
      <source>cells: historical cold spot</source>
      <translation>cellules : point froid historique</translation>
    </message>
    <message>
      <source>cells: historical hot spot</source>
      <translation>cellules : point chaud historique</translation>
    </message>
    <message>
      <source>cells: hot spot, 90%</source>
      <translation>cellules : point chaud, 90 %</translation>
    </message>
    <message>
      <source>cells: hot spot, 95%</source>
      <translation>cellules : point chaud, 95 %</translation>
    </message>
    <message>
      <source>cells: hot spot, 99%</source>
      <translation>cellules : point chaud, 99 %</translation>
    </message>
    <message>
      <source>cells: intensifying cold spot</source>
      <translation>cellules : point froid en intensification</translation>
    </message>
    <message>
      <source>cells: intensifying hot spot</source>
      <translation>cellules : point chaud en intensification</translation>
    </message>
    <message>
      <source>cells: new cold spot</source>
      <translation>cellules : nouveau point froid</translation>
    </message>
    <message>
      <source>cells: new hot spot</source>
      <translation>cellules : nouveau point chaud</translation>
    </message>
    <message>
      <source>cells: no pattern detected</source>
      <translation>cellules : aucun schéma détecté</translation>
    </message>
    <message>
      <source>cells: not significant</source>
      <translation>cellules : non significatives</translation>
    </message>
    <message>
      <source>cells: oscillating cold spot</source>
      <translation>cellules : point froid oscillant</translation>
    </message>
    <message>
      <source>cells: oscillating hot spot</source>
      <translation>cellules : point chaud oscillant</translation>
    </message>
    <message>
      <source>cells: persistent cold spot</source>
      <translation>cellules : point froid persistant</translation>
    </message>
    <message>
      <source>cells: persistent hot spot</source>
      <translation>cellules : point chaud persistant</translation>
    </message>
    <message>
      <source>cells: sporadic cold spot</source>
      <translation>cellules : point froid sporadique</translation>
    </message>
    <message>
      <source>cells: sporadic hot spot</source>
      <translation>cellules : point chaud sporadique</translation>
    </message>
    <message>
      <source>change (%)</source>
      <translation>évolution (%)</translation>
    </message>
    <message>
      <source>change period end</source>
      <translation>fin de la période de comparaison</translation>
    </message>
    <message>
      <source>change period start</source>
      <translation>début de la période de comparaison</translation>
    </message>
    <message>
      <source>close pairs</source>
      <translation>paires proches</translation>
    </message>
    <message>
      <source>cold bins</source>
      <translation>cases froides</translation>
    </message>
    <message>
      <source>complete steps only</source>
      <translation>pas complets seulement</translation>
    </message>
    <message>
      <source>multiple-testing correction</source>
      <translation>correction des tests multiples</translation>
    </message>
    <message>
      <source>area covered (%)</source>
      <translation>surface couverte (%)</translation>
    </message>
    <message>
      <source>density radius</source>
      <translation>rayon de densité</translation>
    </message>
    <message>
      <source>folds without events</source>
      <translation>plis sans fait</translation>
    </message>
    <message>
      <source>evaluated</source>
      <translation>évalué</translation>
    </message>
    <message>
      <source>events in the cube</source>
      <translation>faits dans le cube</translation>
    </message>
    <message>
      <source>events in the period</source>
      <translation>faits de la période</translation>
    </message>
    <message>
      <source>events in the study area</source>
      <translation>faits dans la zone d'étude</translation>
    </message>
    <message>
      <source>events outside reach</source>
      <translation>faits hors de portée</translation>
    </message>
    <message>
      <source>events used</source>
      <translation>faits utilisés</translation>
    </message>
    <message>
      <source>expected pairs</source>
      <translation>paires attendues</translation>
    </message>
    <message>
      <source>expected background events</source>
      <translation>faits de fond attendus</translation>
    </message>
    <message>
      <source>failed folds</source>
      <translation>plis en échec</translation>
    </message>
    <message>
      <source>features</source>
      <translation>variables</translation>
    </message>
    <message>
      <source>first event</source>
      <translation>premier fait</translation>
    </message>
    <message>
      <source>first step</source>
      <translation>premier pas</translation>
    </message>
    <message>
      <source>first step coverage</source>
      <translation>couverture du premier pas</translation>
    </message>
    <message>
      <source>first training period start</source>
      <translation>début de la première période d'apprentissage</translation>
    </message>
    <message>
      <source>first trend step</source>
      <translation>premier pas de la tendance</translation>
    </message>
    <message>
      <source>fit end</source>
      <translation>fin de l'ajustement</translation>
    </message>
    <message>
      <source>fit start</source>
      <translation>début de l'ajustement</translation>
    </message>
    <message>
      <source>folds</source>
      <translation>plis</translation>
    </message>
    <message>
      <source>groups</source>
      <translation>groupes</translation>
    </message>
    <message>
      <source>has hours</source>
      <translation>heures connues</translation>
    </message>
    <message>
      <source>highest cell</source>
      <translation>cellule la plus élevée</translation>
    </message>
    <message>
      <source>events before the forecast</source>
      <translation>faits avant la prévision</translation>
    </message>
    <message>
      <source>hit rate</source>
      <translation>taux de capture</translation>
    </message>
    <message>
      <source>hit rate, 95% high</source>
      <translation>taux de capture, borne haute 95 %</translation>
    </message>
    <message>
      <source>hit rate, 95% low</source>
      <translation>taux de capture, borne basse 95 %</translation>
    </message>
    <message>
      <source>holdout D²</source>
      <translation>D² sur l'échantillon de contrôle</translation>
    </message>
    <message>
      <source>holdout deviance, constant</source>
      <translation>déviance de contrôle, constante</translation>
    </message>
    <message>
      <source>holdout deviance, history</source>
      <translation>déviance de contrôle, historique</translation>
    </message>
    <message>
      <source>holdout deviance, model</source>
      <translation>déviance de contrôle, modèle</translation>
    </message>
    <message>
      <source>holdout fraction</source>
      <translation>part de contrôle</translation>
    </message>
    <message>
      <source>holdout periods</source>
      <translation>périodes de contrôle</translation>
    </message>
    <message>
      <source>holdout samples</source>
      <translation>échantillons de contrôle</translation>
    </message>
    <message>
      <source>horizon (days)</source>
      <translation>horizon (jours)</translation>
    </message>
    <message>
      <source>hot bins</source>
      <translation>cases chaudes</translation>
    </message>
    <message>
      <source>importance: largest sample</source>
      <translation>importance : plus grand échantillon</translation>
    </message>
    <message>
      <source>importances</source>
      <translation>importances</translation>
    </message>
    <message>
      <source>baseline</source>
      <translation>référence</translation>
    </message>
    <message>
      <source>kernel</source>
      <translation>noyau</translation>
    </message>
    <message>
      <source>method</source>
      <translation>méthode</translation>
    </message>
    <message>
      <source>last 12 months</source>
      <translation>12 derniers mois</translation>
    </message>
    <message>
      <source>last event</source>
      <translation>dernier fait</translation>
    </message>
    <message>
      <source>last step</source>
      <translation>dernier pas</translation>
    </message>
    <message>
      <source>last step coverage</source>
      <translation>couverture du dernier pas</translation>
    </message>
    <message>
      <source>street length covered (%)</source>
      <translation>longueur de rues couverte (%)</translation>
    </message>
    <message>
      <source>look-back (days)</source>
      <translation>historique (jours)</translation>
    </message>
    <message>
      <source>largest sample</source>
      <translation>plus grand échantillon</translation>
    </message>
    <message>
      <source>mean area share</source>
      <translation>part moyenne de la surface</translation>
    </message>
    <message>
      <source>mean count</source>
      <translation>comptage moyen</translation>
    </message>
    <message>
      <source>mean count per bin</source>
      <translation>comptage moyen par case</translation>
    </message>
    <message>
      <source>distance</source>
      <translation>distance</translation>
    </message>
    <message>
      <source>lowest zero sampling rate</source>
      <translation>taux minimal d'échantillonnage des zéros</translation>
    </message>
    <message>
      <source>Mann-Kendall z</source>
      <translation>z de Mann-Kendall</translation>
    </message>
    <message>
      <source>model: early stopping</source>
      <translation>modèle : arrêt anticipé</translation>
    </message>
    <message>
      <source>model: iterations</source>
      <translation>modèle : itérations</translation>
    </message>
    <message>
      <source>model: L2 regularisation</source>
      <translation>modèle : régularisation L2</translation>
    </message>
    <message>
      <source>model: learning rate</source>
      <translation>modèle : taux d'apprentissage</translation>
    </message>
    <message>
      <source>model: loss</source>
      <translation>modèle : perte</translation>
    </message>
    <message>
      <source>model: most iterations</source>
      <translation>modèle : itérations maximales</translation>
    </message>
    <message>
      <source>model: most leaves</source>
      <translation>modèle : feuilles maximales</translation>
    </message>
    <message>
      <source>model: fewest samples per leaf</source>
      <translation>modèle : échantillons minimaux par feuille</translation>
    </message>
    <message>
      <source>model: iterations without change</source>
      <translation>modèle : itérations sans amélioration</translation>
    </message>
    <message>
      <source>model: random seed</source>
      <translation>modèle : graine aléatoire</translation>
    </message>
    <message>
      <source>model: validation fraction</source>
      <translation>modèle : part de validation</translation>
    </message>
    <message>
      <source>bins</source>
      <translation>cases</translation>
    </message>
    <message>
      <source>pairs</source>
      <translation>paires</translation>
    </message>
    <message>
      <source>time steps</source>
      <translation>pas de temps</translation>
    </message>
    <message>
      <source>threads</source>
      <translation>fils d'exécution</translation>
    </message>
    <message>
      <source>near-repeat window (days)</source>
      <translation>fenêtre de répétition proche (jours)</translation>
    </message>
    <message>
      <source>mean near-repeat score</source>
      <translation>score moyen de répétition proche</translation>
    </message>
    <message>
      <source>neighbourhood (m)</source>
      <translation>voisinage (m)</translation>
    </message>
    <message>
      <source>neighbours in a full neighbourhood</source>
      <translation>voisins dans un voisinage complet</translation>
    </message>
    <message>
      <source>observed pairs</source>
      <translation>paires observées</translation>
    </message>
    <message>
      <source>decay rate per day (omega)</source>
      <translation>taux de décroissance par jour (oméga)</translation>
    </message>
    <message>
      <source>p-value cut-off</source>
      <translation>seuil de p-valeur</translation>
    </message>
    <message>
      <source>p-value cut-off, 90%</source>
      <translation>seuil de p-valeur, 90 %</translation>
    </message>
    <message>
      <source>p-value cut-off, 95%</source>
      <translation>seuil de p-valeur, 95 %</translation>
    </message>
    <message>
      <source>p-value cut-off, 99%</source>
      <translation>seuil de p-valeur, 99 %</translation>
    </message>
    <message>
      <source>p-value</source>
      <translation>valeur p</translation>
    </message>
    <message>
      <source>PAI</source>
      <translation>PAI</translation>
    </message>
    <message>
      <source>PAI, 95% high</source>
      <translation>PAI, borne haute 95 %</translation>
    </message>
    <message>
      <source>PAI, 95% low</source>
      <translation>PAI, borne basse 95 %</translation>
    </message>
    <message>
      <source>PEI*</source>
      <translation>PEI*</translation>
    </message>
    <message>
      <source>PEI*, 95% high</source>
      <translation>PEI*, borne haute 95 %</translation>
    </message>
    <message>
      <source>PEI*, 95% low</source>
      <translation>PEI*, borne basse 95 %</translation>
    </message>
    <message>
      <source>period end</source>
      <translation>fin de la période</translation>
    </message>
    <message>
      <source>period end (days since 1970)</source>
      <translation>fin de la période (jours depuis 1970)</translation>
    </message>
    <message>
      <source>period start</source>
      <translation>début de la période</translation>
    </message>
    <message>
      <source>period start (days since 1970)</source>
      <translation>début de la période (jours depuis 1970)</translation>
    </message>
    <message>
      <source>permutation repeats</source>
      <translation>répétitions des permutations</translation>
    </message>
    <message>
      <source>permutations</source>
      <translation>permutations</translation>
    </message>
    <message>
      <source>permuted 2.5%</source>
      <translation>permutations 2,5 %</translation>
    </message>
    <message>
      <source>permuted 97.5%</source>
      <translation>permutations 97,5 %</translation>
    </message>
    <message>
      <source>previous 12 months</source>
      <translation>12 mois précédents</translation>
    </message>
    <message>
      <source>previous 12 months complete</source>
      <translation>12 mois précédents complets</translation>
    </message>
    <message>
      <source>radius (m)</source>
      <translation>rayon (m)</translation>
    </message>
    <message>
      <source>Knox ratio</source>
      <translation>rapport de Knox</translation>
    </message>
    <message>
      <source>recency cap (days)</source>
      <translation>plafond de récence (jours)</translation>
    </message>
    <message>
      <source>same location</source>
      <translation>même lieu</translation>
    </message>
    <message>
      <source>Scott's radius (m)</source>
      <translation>rayon de Scott (m)</translation>
    </message>
    <message>
      <source>count standard deviation</source>
      <translation>écart-type des comptages</translation>
    </message>
    <message>
      <source>count standard deviation per bin</source>
      <translation>écart-type des comptages par case</translation>
    </message>
    <message>
      <source>seasonal cycle p-value</source>
      <translation>valeur p du cycle saisonnier</translation>
    </message>
    <message>
      <source>seasonality</source>
      <translation>saisonnalité</translation>
    </message>
    <message>
      <source>random seed</source>
      <translation>graine aléatoire</translation>
    </message>
    <message>
      <source>self weight</source>
      <translation>poids propre</translation>
    </message>
    <message>
      <source>Sen's slope per step</source>
      <translation>pente de Sen par pas</translation>
    </message>
    <message>
      <source>Sen's slope per year</source>
      <translation>pente de Sen par an</translation>
    </message>
    <message>
      <source>trigger spread (sigma, m)</source>
      <translation>portée du déclenchement (sigma, m)</translation>
    </message>
    <message>
      <source>significant days</source>
      <translation>jours significatifs</translation>
    </message>
    <message>
      <source>significant distance (m)</source>
      <translation>distance significative (m)</translation>
    </message>
    <message>
      <source>distance band (m)</source>
      <translation>classe de distance (m)</translation>
    </message>
    <message>
      <source>distance bands</source>
      <translation>classes de distance</translation>
    </message>
    <message>
      <source>space bandwidth (m)</source>
      <translation>largeur de bande spatiale (m)</translation>
    </message>
    <message>
      <source>distance from (m)</source>
      <translation>distance de (m)</translation>
    </message>
    <message>
      <source>distance to (m)</source>
      <translation>distance à (m)</translation>
    </message>
    <message>
      <source>space unit (m)</source>
      <translation>unité spatiale (m)</translation>
    </message>
    <message>
      <source>time step</source>
      <translation>pas de temps</translation>
    </message>
    <message>
      <source>theta</source>
      <translation>theta</translation>
    </message>
    <message>
      <source>time band (days)</source>
      <translation>classe de temps (jours)</translation>
    </message>
    <message>
      <source>time bands</source>
      <translation>classes de temps</translation>
    </message>
    <message>
      <source>time bandwidth (days)</source>
      <translation>largeur de bande temporelle (jours)</translation>
    </message>
    <message>
      <source>days apart from</source>
      <translation>écart de (jours)</translation>
    </message>
    <message>
      <source>time neighbours</source>
      <translation>voisins temporels</translation>
    </message>
    <message>
      <source>days apart to</source>
      <translation>écart à (jours)</translation>
    </message>
    <message>
      <source>time unit (days)</source>
      <translation>unité de temps (jours)</translation>
    </message>
    <message>
      <source>total weight</source>
      <translation>poids total</translation>
    </message>
    <message>
      <source>training samples with events</source>
      <translation>échantillons d'apprentissage avec faits</translation>
    </message>
    <message>
      <source>training samples</source>
      <translation>échantillons d'apprentissage</translation>
    </message>
    <message>
      <source>trend significance level</source>
      <translation>seuil de signification de la tendance</translation>
    </message>
    <message>
      <source>trend step</source>
      <translation>pas de la tendance</translation>
    </message>
    <message>
      <source>trend steps</source>
      <translation>pas de la tendance</translation>
    </message>
    <message>
      <source>trend test</source>
      <translation>test de tendance</translation>
    </message>
    <message>
      <source>trigger crime types</source>
      <translation>types de faits déclencheurs</translation>
    </message>
    <message>
      <source>trigger mask used</source>
      <translation>masque des déclencheurs utilisé</translation>
    </message>
    <message>
      <source>triggering events</source>
      <translation>faits déclencheurs</translation>
    </message>
    <message>
      <source>undated events left out</source>
      <translation>faits non datés écartés</translation>
    </message>
    <message>
      <source>undefined cells</source>
      <translation>cellules indéfinies</translation>
    </message>
    <message>
      <source>unit</source>
      <translation>unité</translation>
    </message>
    <message>
      <source>serial-correlation variance factor</source>
      <translation>facteur de variance (autocorrélation)</translation>
    </message>
    <message>
      <source>warm-up (days)</source>
      <translation>période d'amorce (jours)</translation>
    </message>
    <message>
      <source>warnings</source>
      <translation>avertissements</translation>
    </message>
    <message>
      <source>weighting</source>
      <translation>pondération</translation>
    </message>
    <message>
      <source>window (days)</source>
      <translation>fenêtre (jours)</translation>
    </message>
    <message>
      <source>window sizes</source>
      <translation>tailles de fenêtre</translation>
    </message>
    <message>
      <source>z-score</source>
      <translation>score z</translation>
    </message>
    <message>
      <source>zero sampling rate</source>
      <translation>taux d'échantillonnage des zéros</translation>
    </message>
    <message>
      <source>zone</source>
      <translation>zone</translation>
    </message>
    <message>
      <source>area</source>
      <translation>zone</translation>
    </message>
    <message>
      <source>period</source>
      <translation>période</translation>
    </message>
    <message>
      <source>to</source>
      <translation>au</translation>
    </message>
    <message>
      <source>events per week</source>
      <translation>faits par semaine</translation>
    </message>
    <message>
      <source>change against control (%)</source>
      <translation>variation par rapport au témoin (%)</translation>
    </message>
    <message>
      <source>change, low (%)</source>
      <translation>variation, borne basse (%)</translation>
    </message>
    <message>
      <source>change, high (%)</source>
      <translation>variation, borne haute (%)</translation>
    </message>
    <message>
      <source>after against before (%)</source>
      <translation>après par rapport à avant (%)</translation>
    </message>
    <message>
      <source>E-test p-value</source>
      <translation>p-valeur de l'E-test</translation>
    </message>
    <message>
      <source>negative binomial alpha</source>
      <translation>alpha binomial négatif</translation>
    </message>
    <message>
      <source>residual degrees of freedom</source>
      <translation>degrés de liberté résiduels</translation>
    </message>
    <message>
      <source>residual autocorrelation</source>
      <translation>autocorrélation des résidus</translation>
    </message>
    <message>
      <source>dispersion left after the model</source>
      <translation>dispersion restant après le modèle</translation>
    </message>
    <message>
      <source>catchment has its own control</source>
      <translation>la zone tampon a son propre témoin</translation>
    </message>
    <message>
      <source>model period (days)</source>
      <translation>période du modèle (jours)</translation>
    </message>
    <message>
      <source>confidence level</source>
      <translation>niveau de confiance</translation>
    </message>
    <message>
      <source>pre-period (days)</source>
      <translation>période avant (jours)</translation>
    </message>
    <message>
      <source>post-period (days)</source>
      <translation>période après (jours)</translation>
    </message>
    <message>
      <source>per day</source>
      <translation>par jour</translation>
    </message>
    <message>
      <source>the fitted spread of repeats around their trigger (sigma = {value} m) is under a quarter of the cell size ({limit} m): repeats sit closer than the map can show, often events stacked at one spot (a default address) or duplicated records. Check for duplicates, or use smaller cells.</source>
      <translation>la dispersion ajustée des répétitions autour de leur déclencheur (sigma = {value} m) est inférieure au quart de la taille de cellule ({limit} m) : les répétitions sont plus proches que ce que la carte peut montrer, souvent des faits empilés en un même point (une adresse par défaut) ou des enregistrements en double. Recherchez les doublons, ou utilisez des cellules plus petites.</translation>
    </message>
    <message>
      <source>the fitted spread of near repeats (sigma = {value} m) sits at its lower bound: events stacked at the same points (addresses, intersections, snapped locations) pulled the whole trigger onto them and the map shows dots. Give a location precision (LOCATION_PRECISION) of a few metres, so that repeats at the same place are fitted apart from the near repeats.</source>
      <translation>la dispersion ajustée des répétitions proches (sigma = {value} m) est à sa borne inférieure : des faits empilés aux mêmes points (adresses, carrefours, points de rattachement) ont attiré tout le déclenchement sur eux et la carte montre des points. Donnez une précision de localisation (LOCATION_PRECISION) de quelques mètres, pour que les répétitions au même lieu soient ajustées à part des répétitions proches.</translation>
    </message>
    <message>
      <source>the fitted spread of repeats around their trigger (sigma = {value} m) is over half the study area's width ({limit} m): the 'repeats' are not local and the model mistakes the background for them. Fit one crime type at a time, set a space cutoff (SPACE_CUTOFF), or check for far-off events.</source>
      <translation>la dispersion ajustée des répétitions autour de leur déclencheur (sigma = {value} m) dépasse la moitié de la largeur de la zone d'étude ({limit} m) : les « répétitions » ne sont pas locales et le modèle les confond avec le fond. Ajustez un type de fait à la fois, fixez une distance de coupure (SPACE_CUTOFF), ou recherchez des faits très éloignés.</translation>
    </message>
    <message>
      <source>the fitted mean delay of repeats ({value} days) is under an hour: events repeat at the same recorded time, often duplicated records or one incident entered several times. Check for duplicates.</source>
      <translation>le délai moyen ajusté des répétitions ({value} jours) est inférieur à une heure : des faits se répètent à la même heure enregistrée, souvent des enregistrements en double ou un même incident saisi plusieurs fois. Recherchez les doublons.</translation>
    </message>
    <message>
      <source>the fitted mean delay of repeats ({value} days) is longer than the history fitted ({limit} days): the model cannot tell repeats from slow trends. Load a longer history or set a time cutoff (TIME_CUTOFF).</source>
      <translation>le délai moyen ajusté des répétitions ({value} jours) dépasse la durée de l'historique ajusté ({limit} jours) : le modèle ne peut pas distinguer les répétitions des tendances lentes. Chargez un historique plus long ou fixez une durée de coupure (TIME_CUTOFF).</translation>
    </message>
    <message>
      <source>the kernel radius ({value} m) is smaller than one cell ({limit} m): the map shows isolated spots at the events, not hotspots. Give a radius (RADIUS) of a few cells, or use smaller cells.</source>
      <translation>le rayon du noyau ({value} m) est inférieur à une cellule ({limit} m) : la carte montre des points isolés sur les faits, pas des points chauds. Indiquez un rayon (RADIUS) de quelques cellules, ou utilisez des cellules plus petites.</translation>
    </message>
    <message>
      <source>the kernel radius ({value} m) is larger than the study area ({limit} m): the map is nearly flat and shows no hotspot. Give a smaller radius (RADIUS), or check for far-off events that stretch the area.</source>
      <translation>le rayon du noyau ({value} m) dépasse la zone d'étude ({limit} m) : la carte est presque uniforme et ne montre aucun point chaud. Indiquez un rayon plus petit (RADIUS), ou recherchez des faits très éloignés qui étirent la zone.</translation>
    </message>
    <message>
      <source>the space bandwidth ({value} m) is smaller than one cell ({limit} m): an event raises the risk of its own cell only. Give a larger space bandwidth (SPACE_BANDWIDTH) or use smaller cells.</source>
      <translation>la portée spatiale ({value} m) est inférieure à une cellule ({limit} m) : un fait n'élève le risque que dans sa propre cellule. Indiquez une portée spatiale plus grande (SPACE_BANDWIDTH) ou utilisez des cellules plus petites.</translation>
    </message>
    <message>
      <source>the space bandwidth ({value} m) is larger than the study area ({limit} m): every event raises the risk everywhere and the map shows no near-repeat area. Give a smaller space bandwidth (SPACE_BANDWIDTH).</source>
      <translation>la portée spatiale ({value} m) dépasse la zone d'étude ({limit} m) : chaque fait élève le risque partout et la carte ne montre aucune zone de répétition proche. Indiquez une portée spatiale plus petite (SPACE_BANDWIDTH).</translation>
    </message>
    <message>
      <source>the time bandwidth ({value} days) is shorter than a day: an event raises the risk for hours only and the map is nearly the background. Give a longer time bandwidth (TIME_BANDWIDTH).</source>
      <translation>la portée temporelle ({value} jours) est inférieure à un jour : un fait n'élève le risque que quelques heures et la carte se réduit presque au fond. Indiquez une portée temporelle plus longue (TIME_BANDWIDTH).</translation>
    </message>
    <message>
      <source>the time bandwidth ({value} days) is longer than the history read ({limit} days): every past event counts as recent. Give a shorter time bandwidth (TIME_BANDWIDTH) or load a longer history.</source>
      <translation>la portée temporelle ({value} jours) dépasse l'historique lu ({limit} jours) : tout fait passé compte comme récent. Indiquez une portée temporelle plus courte (TIME_BANDWIDTH) ou chargez un historique plus long.</translation>
    </message>
    <message>
      <source>only {value} training samples held an event: the model has little to learn from; use larger cells, a longer horizon or more history.</source>
      <translation>seuls {value} échantillons d'apprentissage contenaient un fait : le modèle a peu de matière pour apprendre ; utilisez des cellules plus grandes, un horizon plus long ou plus d'historique.</translation>
    </message>
    <message>
      <source>the forecast expects {} events over the next {} days, more than three times the {} events of an average {} days over the last year: the forecast is far from the data. Check the fit's other warnings and the date range, or compare methods with crimerisk:backtest.</source>
      <translation>la prévision attend {} faits sur les {} prochains jours, plus du triple des {} faits d'une période moyenne de {} jours sur la dernière année : la prévision est loin des données. Vérifiez les autres avertissements de l'ajustement et la plage de dates, ou comparez les méthodes avec crimerisk:backtest.</translation>
    </message>
    <message>
      <source>the forecast expects {} events over the next {} days, less than a third of the {} events of an average {} days over the last year: the forecast is far from the data. Check the fit's other warnings and the date range, or compare methods with crimerisk:backtest.</source>
      <translation>la prévision attend {} faits sur les {} prochains jours, moins du tiers des {} faits d'une période moyenne de {} jours sur la dernière année : la prévision est loin des données. Vérifiez les autres avertissements de l'ajustement et la plage de dates, ou comparez les méthodes avec crimerisk:backtest.</translation>
    </message>
    <message>
      <source>Fitted parameters</source>
      <translation>Paramètres estimés</translation>
    </message>
    <message>
      <source>Warnings</source>
      <translation>Avertissements</translation>
    </message>
    <message>
      <source>How to read them</source>
      <translation>Comment les lire</translation>
    </message>
    <message>
      <source>Forecast from {} for {} days; {} x {} cells of {} m; {} events before the forecast start.</source>
      <translation>Prévision à partir du {} pour {} jours ; {} x {} cellules de {} m ; {} faits avant le début de la prévision.</translation>
    </message>
    <message>
      <source>About {} events ({}) are expected in the study area over the next {} days; the raster shows where.</source>
      <translation>Environ {} faits ({}) sont attendus dans la zone d'étude au cours des {} prochains jours ; le raster montre où.</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>oui</translation>
    </message>
    <message>
      <source>no</source>
      <translation>non</translation>
    </message>
    <message>
      <source>(no rows)</source>
      <translation>(aucune ligne)</translation>
    </message>
    <message>
      <source>CrimeRisk report</source>
      <translation>Rapport CrimeRisk</translation>
    </message>
    <message>
      <source>Jan</source>
      <translation>janv.</translation>
    </message>
    <message>
      <source>Feb</source>
      <translation>févr.</translation>
    </message>
    <message>
      <source>Mar</source>
      <translation>mars</translation>
    </message>
    <message>
      <source>Apr</source>
      <translation>avr.</translation>
    </message>
    <message>
      <source>May</source>
      <translation>mai</translation>
    </message>
    <message>
      <source>Jun</source>
      <translation>juin</translation>
    </message>
    <message>
      <source>Jul</source>
      <translation>juil.</translation>
    </message>
    <message>
      <source>Aug</source>
      <translation>août</translation>
    </message>
    <message>
      <source>Sep</source>
      <translation>sept.</translation>
    </message>
    <message>
      <source>Oct</source>
      <translation>oct.</translation>
    </message>
    <message>
      <source>Nov</source>
      <translation>nov.</translation>
    </message>
    <message>
      <source>Dec</source>
      <translation>déc.</translation>
    </message>
    <message>
      <source>Mon</source>
      <translation>lun.</translation>
    </message>
    <message>
      <source>Tue</source>
      <translation>mar.</translation>
    </message>
    <message>
      <source>Wed</source>
      <translation>mer.</translation>
    </message>
    <message>
      <source>Thu</source>
      <translation>jeu.</translation>
    </message>
    <message>
      <source>Fri</source>
      <translation>ven.</translation>
    </message>
    <message>
      <source>Sat</source>
      <translation>sam.</translation>
    </message>
    <message>
      <source>Sun</source>
      <translation>dim.</translation>
    </message>
    <message>
      <source>all crime types</source>
      <translation>tous types de faits</translation>
    </message>
    <message>
      <source>expected events per cell per day</source>
      <translation>faits attendus par cellule et par jour</translation>
    </message>
    <message>
      <source>expected events per cell</source>
      <translation>faits attendus par cellule</translation>
    </message>
    <message>
      <source>{} days from {}</source>
      <translation>{} jours à partir du {}</translation>
    </message>
    <message>
      <source>day</source>
      <translation>jour</translation>
    </message>
    <message>
      <source>week</source>
      <translation>semaine</translation>
    </message>
    <message>
      <source>month</source>
      <translation>mois</translation>
    </message>
    <message>
      <source>quarter</source>
      <translation>trimestre</translation>
    </message>
    <message>
      <source>year</source>
      <translation>année</translation>
    </message>
    <message>
      <source>no significant trend</source>
      <translation>pas de tendance significative</translation>
    </message>
    <message>
      <source>modified Mann-Kendall test (corrected for serial correlation)</source>
      <translation>test de Mann-Kendall modifié (corrigé de l'autocorrélation)</translation>
    </message>
    <message>
      <source>seasonal Kendall test (corrected for serial correlation)</source>
      <translation>test de Kendall saisonnier (corrigé de l'autocorrélation)</translation>
    </message>
    <message>
      <source>Mann-Kendall test (no correction for serial correlation)</source>
      <translation>test de Mann-Kendall (sans correction de l'autocorrélation)</translation>
    </message>
    <message>
      <source>{} crime types</source>
      <translation>{} types de faits</translation>
    </message>
    <message>
      <source>week from {}</source>
      <translation>semaine du {}</translation>
    </message>
    <message>
      <source>day {}</source>
      <translation>jour du {}</translation>
    </message>
    <message>
      <source>events per km²</source>
      <translation>faits par km²</translation>
    </message>
    <message>
      <source>relative risk (1 = study-area average)</source>
      <translation>risque relatif (1 = moyenne de la zone d'étude)</translation>
    </message>
    <message>
      <source>hour of day with the most events</source>
      <translation>heure du jour la plus chargée</translation>
    </message>
    <message>
      <source>modified Mann-Kendall</source>
      <translation>Mann-Kendall modifié</translation>
    </message>
    <message>
      <source>seasonal Kendall</source>
      <translation>Kendall saisonnier</translation>
    </message>
    <message>
      <source>Mann-Kendall</source>
      <translation>Mann-Kendall (non corrigé)</translation>
    </message>
    <message>
      <source>automatic</source>
      <translation>automatique</translation>
    </message>
    <message>
      <source>per km²</source>
      <translation>par km²</translation>
    </message>
    <message>
      <source>per cell per day</source>
      <translation>par cellule et par jour</translation>
    </message>
    <message>
      <source>inverse distance</source>
      <translation>inverse de la distance</translation>
    </message>
    <message>
      <source>Quartic</source>
      <translation>Quartique</translation>
    </message>
    <message>
      <source>Epanechnikov</source>
      <translation>Epanechnikov</translation>
    </message>
    <message>
      <source>Triangular</source>
      <translation>Triangulaire</translation>
    </message>
    <message>
      <source>Uniform</source>
      <translation>Uniforme</translation>
    </message>
    <message>
      <source>Gaussian</source>
      <translation>Gaussien</translation>
    </message>
    <message>
      <source>KDE (last year)</source>
      <translation>KDE (année écoulée)</translation>
    </message>
    <message>
      <source>Near-repeat (prospective hotspots)</source>
      <translation>Répétition proche (points chauds prospectifs)</translation>
    </message>
    <message>
      <source>Learned forecast (gradient boosting)</source>
      <translation>Prévision apprise (boosting de gradient)</translation>
    </message>
    <message>
      <source>last-period counts</source>
      <translation>comptages de la dernière période</translation>
    </message>
    <message>
      <source>long-term decayed counts</source>
      <translation>comptages amortis de long terme</translation>
    </message>
    <message>
      <source>uniform random</source>
      <translation>hasard uniforme</translation>
    </message>
    <message>
      <source>Near-repeat along the streets</source>
      <translation>Répétition proche le long des rues</translation>
    </message>
    <message>
      <source>Long-term decayed counts on street segments</source>
      <translation>Comptages amortis de long terme par tronçon de rue</translation>
    </message>
    <message>
      <source>the area</source>
      <translation>la zone</translation>
    </message>
    <message>
      <source>the street length</source>
      <translation>la longueur de rues</translation>
    </message>
    <message>
      <source>: not distinguishable from the baseline.</source>
      <translation> : impossible à distinguer de la référence.</translation>
    </message>
    <message>
      <source>{method} captures {hits} of events in {area} of {extent} ({metric} {value}, {folds} folds), {ratio}x the {metric} of the best baseline ({baseline}, {base_hits}, {metric} {base_value})</source>
      <translation>{method} capte {hits} des faits sur {area} de {extent} ({metric} {value}, {folds} plis), {ratio} fois le {metric} de la meilleure référence ({baseline}, {base_hits}, {metric} {base_value})</translation>
    </message>
    <message>
      <source>; difference {} (95% CI {} to {} over {} folds both scored)</source>
      <translation> ; écart {} (IC à 95 % de {} à {} sur {} plis notés pour les deux)</translation>
    </message>
    <message>
      <source>one-sided Diebold-Mariano test of the fold-by-fold differences with an autocorrelation-robust (equal-weighted cosine) variance and Student t reference, Holm-adjusted over the methods compared, at 2.5%</source>
      <translation>test unilatéral de Diebold-Mariano sur les écarts pli par pli, variance robuste à l'autocorrélation (cosinus à poids égaux) et loi de Student, ajusté par Holm sur les méthodes comparées, au seuil de 2,5 %</translation>
    </message>
    <message>
      <source>: better than the baseline.</source>
      <translation> : meilleure que la référence.</translation>
    </message>
    <message>
      <source>: worse than the baseline.</source>
      <translation> : moins bonne que la référence.</translation>
    </message>
    <message>
      <source>No method could be scored at {} of {} (no events in the test folds?).</source>
      <translation>Aucune méthode n'a pu être notée sur {} de {} (aucun fait dans les plis de test ?).</translation>
    </message>
    <message>
      <source>{method} captures {hits} of events in {area} of {extent} ({metric} {value}, {folds} folds); no baseline was run to compare it with.</source>
      <translation>{method} capte {hits} des faits sur {area} de {extent} ({metric} {value}, {folds} plis) ; aucune référence n'a été calculée pour la comparer.</translation>
    </message>
    <message>
      <source>Only baselines were run: the best, {method}, captures {hits} of events in {area} of {extent} ({metric} {value}, {folds} folds).</source>
      <translation>Seules des références ont été calculées : la meilleure, {method}, capte {hits} des faits sur {area} de {extent} ({metric} {value}, {folds} plis).</translation>
    </message>
    <message>
      <source>; difference {}, too few folds to tell whether it is real.</source>
      <translation> ; écart {}, trop peu de plis pour dire s'il est réel.</translation>
    </message>
    <message>
      <source>, p = {} ({}, {} methods)</source>
      <translation>, p = {} ({}, {} méthodes)</translation>
    </message>
    <message>
      <source>, p = {} ({}, {} method)</source>
      <translation>, p = {} ({}, {} méthode)</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>Apprentissage</translation>
    </message>
    <message>
      <source>On the most recent training periods, held out, the learned model did not score better than each cell's own history: check it in the backtest before deploying.</source>
      <translation>Sur les périodes d'apprentissage les plus récentes, mises de côté, le modèle appris n'a pas fait mieux que l'historique de chaque cellule : vérifiez-le dans l'évaluation rétrospective avant de le déployer.</translation>
    </message>
    <message>
      <source>Holdout: is it better than simple maps?</source>
      <translation>Validation : le modèle fait-il mieux que des cartes simples ?</translation>
    </message>
    <message>
      <source>What drives the map</source>
      <translation>Ce qui fait la carte</translation>
    </message>
    <message>
      <source>Importance: how much the holdout Poisson deviance grows when the feature's values are shuffled (permutation importance, Breiman 2001). Near zero or negative: the map does not rely on it. Features that carry the same information share their importance.</source>
      <translation>Importance : de combien la déviance de Poisson de validation augmente quand les valeurs de la variable sont mélangées (importance par permutation, Breiman 2001). Proche de zéro ou négative : la carte ne s'appuie pas dessus. Les variables porteuses de la même information se partagent leur importance.</translation>
    </message>
    <message>
      <source>On the most recent training periods, held out, the learned model scored better than each cell's own history.</source>
      <translation>Sur les périodes d'apprentissage les plus récentes, mises de côté, le modèle appris a fait mieux que l'historique de chaque cellule.</translation>
    </message>
    <message>
      <source>Not evaluated (the evaluation option was off).</source>
      <translation>Non évalué (l'option d'évaluation était désactivée).</translation>
    </message>
    <message>
      <source>forecast</source>
      <translation>prévision</translation>
    </message>
    <message>
      <source>mean Poisson deviance</source>
      <translation>déviance de Poisson moyenne</translation>
    </message>
    <message>
      <source>D² vs constant</source>
      <translation>D² face au taux constant</translation>
    </message>
    <message>
      <source>The raster's bands follow the table's rows; values are expected events per cell over the horizon.</source>
      <translation>Les bandes du raster suivent les lignes du tableau ; les valeurs sont des faits attendus par cellule sur l'horizon.</translation>
    </message>
    <message>
      <source>Scored on the {} most recent training periods ({} samples) by a model fitted on the older ones. Lower deviance is better; D² is the share of the constant rate's deviance the forecast removes.</source>
      <translation>Évalué sur les {} périodes d'apprentissage les plus récentes ({} échantillons) par un modèle ajusté sur les plus anciennes. Une déviance plus faible est meilleure ; D² est la part de la déviance du taux constant que la prévision supprime.</translation>
    </message>
    <message>
      <source>rank</source>
      <translation>rang</translation>
    </message>
    <message>
      <source>feature</source>
      <translation>variable</translation>
    </message>
    <message>
      <source>importance</source>
      <translation>importance</translation>
    </message>
    <message>
      <source>spread (sd)</source>
      <translation>dispersion (écart-type)</translation>
    </message>
    <message>
      <source>constant rate</source>
      <translation>taux constant</translation>
    </message>
    <message>
      <source>each cell's history</source>
      <translation>historique de chaque cellule</translation>
    </message>
    <message>
      <source>Top {} features (rank, see the table)</source>
      <translation>Les {} variables principales (rang, voir le tableau)</translation>
    </message>
    <message>
      <source>it is empty</source>
      <translation>il est vide</translation>
    </message>
    <message>
      <source>the hours are missing (weekdays come after the hours)</source>
      <translation>les heures manquent (les jours viennent après les heures)</translation>
    </message>
    <message>
      <source>'{}' is not a range of hours</source>
      <translation>« {} » n'est pas une plage d'heures</translation>
    </message>
    <message>
      <source>a shift starts at an hour from 00 to 23, not {}</source>
      <translation>une vacation commence à une heure de 00 à 23, pas {}</translation>
    </message>
    <message>
      <source>a shift ends at an hour from 00 to 24, not {}</source>
      <translation>une vacation finit à une heure de 00 à 24, pas {}</translation>
    </message>
    <message>
      <source>it starts and ends at the same hour (write 00-24 for the whole day)</source>
      <translation>elle commence et finit à la même heure (écrivez 00-24 pour la journée entière)</translation>
    </message>
    <message>
      <source>'{}' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun; or lun ... dim)</source>
      <translation>« {} » n'est pas un jour de la semaine (Mon, Tue, Wed, Thu, Fri, Sat, Sun ; ou lun … dim)</translation>
    </message>
    <message>
      <source>'{}' names no weekday</source>
      <translation>« {} » ne nomme aucun jour de la semaine</translation>
    </message>
    <message>
      <source>The shift '{}' cannot be read: {}. Write the hours as HH-HH on the 24-hour clock (the end may come before the start: 22-06 runs past midnight), followed if needed by weekdays, e.g. {}.</source>
      <translation>La vacation « {} » est illisible : {}. Écrivez les heures sous la forme HH-HH sur 24 heures (la fin peut précéder le début : 22-06 passe minuit), suivies au besoin des jours, p. ex. {}.</translation>
    </message>
    <message>
      <source>{} events; busiest hour of the week: {} {:02d}:00-{:02d}:00 ({} events).</source>
      <translation>{} événements ; heure la plus chargée de la semaine : {} {:02d}:00-{:02d}:00 ({} événements).</translation>
    </message>
    <message>
      <source>total</source>
      <translation>total</translation>
    </message>
    <message>
      <source>rest (below the top {:g}%)</source>
      <translation>reste (sous les {:g} % les plus élevés)</translation>
    </message>
    <message>
      <source>unit {}</source>
      <translation>unité {}</translation>
    </message>
    <message>
      <source>CrimeRisk classes</source>
      <translation>Classes CrimeRisk</translation>
    </message>
    <message>
      <source>top {:g}%</source>
      <translation>{:g} % les plus élevés</translation>
    </message>
    <message>
      <source>{:g}-{:g}%</source>
      <translation>{:g}-{:g} %</translation>
    </message>
    <message>
      <source>no data</source>
      <translation>sans données</translation>
    </message>
    <message>
      <source>rank {}</source>
      <translation>rang {}</translation>
    </message>
    <message>
      <source>ranks {}-{}</source>
      <translation>rangs {}-{}</translation>
    </message>
  </context>
</TS>
