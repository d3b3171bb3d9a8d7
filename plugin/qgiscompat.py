"""The few spellings that differ between the QGIS (and GDAL) versions CrimeRisk supports (3.22 to 3.44).

Everything else is written once, in the form every version accepts (scoped enums such as
``QgsProcessing.SourceType.TypeVectorPoint``, which QGIS 3.22 reads through PyQt5 and QGIS 3.36+
maps to the ``Qgis`` enums that replaced them).
"""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QMetaType, QVariant

#: ``QgsField(name, type)`` takes a ``QMetaType.Type`` from QGIS 3.38; there the ``QVariant.Type``
#: form is deprecated, and 3.22 knows only that one.
FIELD_TYPES_ARE_METATYPES = Qgis.QGIS_VERSION_INT >= 33800

if FIELD_TYPES_ARE_METATYPES:
    FIELD_BOOL = QMetaType.Type.Bool
    FIELD_INT64 = QMetaType.Type.LongLong
    FIELD_DOUBLE = QMetaType.Type.Double
    FIELD_STRING = QMetaType.Type.QString
else:
    FIELD_BOOL = QVariant.Type.Bool
    FIELD_INT64 = QVariant.Type.LongLong
    FIELD_DOUBLE = QVariant.Type.Double
    FIELD_STRING = QVariant.Type.String


def memory_vector_datasource():
    """A new, empty in-memory OGR data source. GDAL 3.11 merged the vector "Memory" driver into
    "MEM" and deprecated the old name; older GDAL (3.6 on Debian bookworm) has only "Memory"."""
    from osgeo import gdal, ogr

    unified = gdal.GetDriverByName("MEM")
    name = "MEM" if unified is not None and unified.GetMetadataItem(gdal.DCAP_VECTOR) == "YES" else "Memory"
    return ogr.GetDriverByName(name).CreateDataSource("")
