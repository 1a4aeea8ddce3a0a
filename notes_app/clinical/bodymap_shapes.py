"""Shape data for the body map: referral zones, intake regions and endangerment sites.

Our own simple vector regions (domain §0: never trace the Travell & Simons drawings). Each spec is
given for one side in (dx, y) with dx lateral; bodymap.py places it on either side of each view.
"""
from __future__ import annotations

# Referral zones: id -> (label, specs). A spec is (views, dx, y, rx, ry[, tilt]): an ellipse with
# rx in x-units and ry in y-units (rx == 2 * ry is a circle), tilt in degrees as drawn on the
# viewer's right. views is "f", "b" or "fb". dx == 0 marks a midline zone drawn once.
ZONE_SPECS: dict[str, tuple[str, tuple[tuple, ...]]] = {
    "vertex": ("Top of the head", (("fb", 0.028, 0.020, 0.036, 0.011),)),
    "forehead": ("Forehead", (("f", 0.032, 0.036, 0.036, 0.011),)),
    "temple": ("Temple", (("f", 0.072, 0.050, 0.020, 0.013),)),
    "behind_eye": ("Behind the eye", (("f", 0.036, 0.066, 0.024, 0.0065),)),
    "eyebrow": ("Eyebrow", (("f", 0.038, 0.055, 0.028, 0.0035, -4),)),
    "cheek_maxilla": ("Cheek and upper jaw", (("f", 0.045, 0.083, 0.026, 0.011),)),
    "jaw_angle": ("Angle of the jaw", (("fb", 0.058, 0.108, 0.018, 0.008),)),
    "upper_teeth": ("Upper teeth", (("f", 0.018, 0.099, 0.020, 0.0035),)),
    "lower_teeth": ("Lower teeth", (("f", 0.018, 0.108, 0.018, 0.0035),)),
    "ear_deep": ("Deep in the ear", (("fb", 0.086, 0.072, 0.012, 0.011),)),
    "tmj": ("Jaw joint (TMJ)", (("f", 0.072, 0.083, 0.012, 0.006),)),
    "occiput": ("Back of the head", (("b", 0.032, 0.074, 0.042, 0.014),)),
    "mastoid": ("Behind the ear (mastoid)", (("b", 0.074, 0.091, 0.016, 0.009),)),
    "posterolateral_neck": ("Side and back of the neck", (("b", 0.048, 0.120, 0.020, 0.022),)),
    "angle_of_neck": ("Angle of the neck", (("b", 0.092, 0.157, 0.034, 0.009, 12),)),
    "throat": ("Throat", (("f", 0.0, 0.143, 0.034, 0.012),)),
    "sternum": ("Breastbone", (("f", 0.0, 0.242, 0.026, 0.055),)),
    "anterior_chest": ("Front of the chest", (("f", 0.095, 0.225, 0.070, 0.030),)),
    "breast": ("Breast and nipple area", (("f", 0.108, 0.268, 0.046, 0.019),)),
    "anterior_shoulder": ("Front of the shoulder", (("f", 0.218, 0.208, 0.036, 0.021),)),
    "mid_deltoid": ("Outer shoulder (mid-deltoid)", (("fb", 0.255, 0.228, 0.030, 0.022),)),
    "posterior_deltoid": ("Back of the shoulder", (("b", 0.228, 0.218, 0.044, 0.024),)),
    "lateral_arm": ("Outer upper arm", (("fb", 0.264, 0.300, 0.026, 0.045),)),
    "medial_arm": ("Inner upper arm", (("fb", 0.213, 0.318, 0.024, 0.040),)),
    "posterior_arm": ("Back of the upper arm", (("b", 0.240, 0.302, 0.044, 0.050),)),
    "lateral_epicondyle": ("Outer elbow", (("fb", 0.275, 0.372, 0.020, 0.012),)),
    "medial_elbow": ("Inner elbow", (("fb", 0.214, 0.372, 0.020, 0.012),)),
    "radial_forearm": ("Thumb side of the forearm", (("fb", 0.284, 0.445, 0.026, 0.055, -4),)),
    "ulnar_forearm": ("Little-finger side of the forearm",
                      (("fb", 0.230, 0.445, 0.022, 0.055, -8),)),
    "dorsal_forearm": ("Back of the forearm", (("b", 0.258, 0.445, 0.036, 0.055, -6),)),
    "wrist_band": ("Around the wrist", (("fb", 0.272, 0.513, 0.072, 0.009),)),
    "thumb_index": ("Thumb and index finger", (("fb", 0.297, 0.574, 0.032, 0.034),)),
    "ring_little_fingers": ("Ring and little fingers", (("fb", 0.254, 0.586, 0.026, 0.030),)),
    "suprascapular": ("Top of the shoulder blade", (("b", 0.145, 0.184, 0.070, 0.011, -18),)),
    "medial_scapular_border": ("Inner edge of the shoulder blade",
                               (("b", 0.087, 0.247, 0.016, 0.052, -5),)),
    "interscapular": ("Between the shoulder blades", (("b", 0.042, 0.235, 0.030, 0.045),)),
    "inferior_scapular_angle": ("Lower tip of the shoulder blade",
                                (("b", 0.106, 0.303, 0.036, 0.016),)),
    "mid_thoracic": ("Mid back", (("b", 0.042, 0.300, 0.040, 0.030),)),
    "lower_ribs_flank": ("Lower ribs and flank", (("b", 0.120, 0.346, 0.052, 0.022),)),
    "lumbar": ("Low back", (("b", 0.040, 0.390, 0.042, 0.030),)),
    "abdomen": ("Abdomen", (("f", 0.060, 0.395, 0.064, 0.040),)),
    "groin": ("Groin", (("f", 0.088, 0.477, 0.060, 0.013, -54),)),
    "iliac_crest": ("Along the hip bone (iliac crest)",
                    (("b", 0.118, 0.404, 0.084, 0.011, 4), ("f", 0.152, 0.420, 0.030, 0.020))),
    "sacroiliac": ("Sacroiliac joint", (("b", 0.048, 0.446, 0.022, 0.020),)),
    "sacrum": ("Sacrum", (("b", 0.0, 0.468, 0.040, 0.034),)),
    "coccyx": ("Tailbone (coccyx)", (("b", 0.0, 0.514, 0.020, 0.011),)),
    "buttock": ("Buttock", (("b", 0.104, 0.492, 0.086, 0.040),)),
    "greater_trochanter": ("Outer hip (greater trochanter)", (("fb", 0.176, 0.480, 0.026, 0.020),)),
    "lateral_thigh": ("Outer thigh", (("fb", 0.163, 0.590, 0.030, 0.075, 5),)),
    "posterior_thigh": ("Back of the thigh", (("b", 0.098, 0.610, 0.070, 0.075),)),
    "anterior_thigh": ("Front of the thigh", (("f", 0.098, 0.600, 0.070, 0.075),)),
    "lateral_leg": ("Outer lower leg", (("fb", 0.138, 0.840, 0.026, 0.080, 6),)),
    "calf": ("Calf", (("b", 0.096, 0.800, 0.062, 0.055),)),
    "ankle": ("Ankle", (("fb", 0.082, 0.958, 0.064, 0.014),)),
}

# Intake regions: id -> convex clip polygons in (dx, y), intersected with the silhouette so the
# hatching hugs the figure. Sided regions are given for one side; midline ones span both.
_ARM = {
    "shoulder": ((0.170, 0.150), (0.340, 0.150), (0.340, 0.255), (0.186, 0.255)),
    "upper_arm": ((0.186, 0.255), (0.340, 0.255), (0.340, 0.368), (0.197, 0.368)),
    "forearm": ((0.197, 0.368), (0.340, 0.368), (0.345, 0.514), (0.233, 0.514)),
    "hand": ((0.226, 0.514), (0.345, 0.514), (0.345, 0.640), (0.226, 0.640)),
}
_LEG = {
    "hip": ((0.120, 0.405), (0.206, 0.405), (0.226, 0.530), (0.120, 0.530)),
    "thigh": ((0.000, 0.520), (0.215, 0.520), (0.215, 0.688), (0.000, 0.688)),
    "knee": ((0.000, 0.688), (0.215, 0.688), (0.215, 0.750), (0.000, 0.750)),
    "lower_leg": ((0.000, 0.750), (0.215, 0.750), (0.215, 0.945), (0.000, 0.945)),
    "foot": ((0.000, 0.945), (0.215, 0.945), (0.215, 1.010), (0.000, 1.010)),
    "buttock": ((0.000, 0.430), (0.150, 0.410), (0.200, 0.470), (0.200, 0.548), (0.000, 0.548)),
}
SIDED_REGION_CLIPS: dict[str, tuple[tuple[float, float], ...]] = {**_ARM, **_LEG}

MIDLINE_REGION_CLIPS: dict[str, tuple[tuple[float, float], ...]] = {
    "head": ((-0.2, -0.01), (0.2, -0.01), (0.2, 0.118), (-0.2, 0.118)),
    "face": ((-0.060, 0.040), (0.060, 0.040), (0.080, 0.060), (0.080, 0.100), (0.040, 0.130),
             (0.0, 0.140), (-0.040, 0.130), (-0.080, 0.100), (-0.080, 0.060)),
    "neck_front": ((-0.075, 0.118), (0.075, 0.118), (0.115, 0.178), (-0.115, 0.178)),
    "neck_back": ((-0.085, 0.094), (0.085, 0.094), (0.120, 0.152), (-0.120, 0.152)),
    "chest": ((-0.170, 0.150), (0.170, 0.150), (0.183, 0.305), (-0.183, 0.305)),
    "abdomen": ((-0.183, 0.305), (0.183, 0.305), (0.175, 0.432), (0.060, 0.500), (-0.060, 0.500),
                (-0.175, 0.432)),
    "groin": ((-0.150, 0.450), (0.150, 0.450), (0.090, 0.545), (-0.090, 0.545)),
    "upper_back": ((-0.170, 0.145), (0.170, 0.145), (0.186, 0.270), (-0.186, 0.270)),
    "mid_back": ((-0.186, 0.270), (0.186, 0.270), (0.160, 0.360), (-0.160, 0.360)),
    "lower_back": ((-0.160, 0.360), (0.160, 0.360), (0.170, 0.410), (0.060, 0.470),
                   (-0.060, 0.470), (-0.170, 0.410)),
}

# Endangerment sites (domain §4.5): (id, label, specs). A spec is (views, polygon in (dx, y)) or
# (views, "ellipse", dx, y, rx, ry). Polygons with all dx >= 0 are drawn on both sides.
ENDANGERMENT_SPECS: tuple[tuple[str, str, tuple[tuple, ...]], ...] = (
    ("anterior_neck", "Anterior triangle of the neck (carotid, jugular)",
     (("f", ((0.068, 0.114), (0.004, 0.130), (0.008, 0.174), (0.030, 0.172))),)),
    ("posterior_triangle", "Posterior triangle of the neck (brachial plexus)",
     (("f", ((0.068, 0.118), (0.085, 0.146), (0.135, 0.166), (0.132, 0.176), (0.046, 0.174))),)),
    ("ear_notch", "Notch below and behind the ear",
     (("fb", "ellipse", 0.073, 0.101, 0.012, 0.008),)),
    ("eyes", "Eyes", (("f", "ellipse", 0.036, 0.066, 0.020, 0.006),)),
    ("axilla", "Axilla (armpit)", (("f", "ellipse", 0.188, 0.262, 0.026, 0.026),)),
    ("medial_upper_arm", "Medial upper arm", (("f", "ellipse", 0.207, 0.322, 0.018, 0.036),)),
    ("cubital", "Cubital area and ulnar notch",
     (("f", "ellipse", 0.243, 0.374, 0.034, 0.013), ("b", "ellipse", 0.214, 0.372, 0.018, 0.012))),
    ("abdomen", "Abdomen (organs)",
     (("f", ((-0.13, 0.33), (0.13, 0.33), (0.15, 0.42), (0.09, 0.47), (-0.09, 0.47),
             (-0.15, 0.42))),)),
    ("kidney", "Area over the kidneys", (("b", "ellipse", 0.070, 0.345, 0.052, 0.028),)),
    ("femoral_triangle", "Femoral triangle",
     (("f", ((0.140, 0.442), (0.030, 0.505), (0.085, 0.585))),)),
    ("popliteal_fossa", "Popliteal fossa (back of the knee)",
     (("b", ((0.100, 0.690), (0.132, 0.716), (0.100, 0.746), (0.068, 0.716))),)),
)
