from django.contrib import admin

from .models import Capability, Membership, Organisation, Partnership, Person, Role

admin.site.register(Organisation, search_fields=["name", "org_id"], list_display=["name", "kind", "org_id"])
admin.site.register(Person, search_fields=["name", "email"], list_display=["name", "organisation", "partnership", "seniority"],
                    list_filter=["partnership"])
admin.site.register(Partnership)
admin.site.register(Membership, list_display=["partnership", "organisation", "joined", "left", "is_lead"])
admin.site.register(Capability)
admin.site.register(Role, list_display=["partnership", "user", "role", "organisation"])
