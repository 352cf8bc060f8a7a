from django.shortcuts import render


def charter(request):
    return render(request, "transparency/charter.html")


def accessibility(request):
    return render(request, "transparency/accessibility.html")
