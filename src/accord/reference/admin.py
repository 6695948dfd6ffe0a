from django.contrib import admin

from accord.reference.models import SdgGoal, SdgTarget

admin.site.register(SdgGoal)
admin.site.register(SdgTarget)
